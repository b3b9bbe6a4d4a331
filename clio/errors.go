package clio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"
)

// APIError is a non-2xx answer from Clio (or from whatever stands in front of
// it). Callers branch on it with errors.As, and on IsRetryable/IsPermanent.
type APIError struct {
	Status  int
	Type    string // error.type, or the OAuth "error" code
	Message string // error.message, or the OAuth "error_description"
	// Snippet is a short, sanitised piece of a body that is not Clio's JSON
	// (an HTML page from a proxy, say).
	Snippet    string
	Method     string
	URL        string        // without user info or secret query values
	RetryAfter time.Duration // from Retry-After on 429 and 5xx answers
}

// Error reads like "Clio answered 422 Unprocessable Entity
// (UnprocessableEntity): Date can't be blank — POST /api/v4/activities.json".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("Clio answered ")
	b.WriteString(statusLine(e.Status))
	if e.Type != "" {
		fmt.Fprintf(&b, " (%s)", e.Type)
	}
	switch {
	case e.Message != "":
		b.WriteString(": " + e.Message)
	case e.Snippet != "":
		fmt.Fprintf(&b, ": %q", e.Snippet)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, "; retry after %s", e.RetryAfter)
	}
	if e.Method != "" || e.URL != "" {
		b.WriteString(" — " + strings.TrimSpace(e.Method+" "+e.URL))
	}
	return b.String()
}

// StatusText is the status line Clio's answer would carry, e.g. "404 Not
// Found", or "" when err holds no *APIError.
func StatusText(err error) string {
	var ae *APIError
	if !errors.As(err, &ae) {
		return ""
	}
	return statusLine(ae.Status)
}

func statusLine(status int) string {
	if t := http.StatusText(status); t != "" {
		return fmt.Sprintf("%d %s", status, t)
	}
	return fmt.Sprintf("%d", status)
}

// Limits on what an error carries, so a hostile or broken server cannot fill
// the screen or the ledger.
const (
	snippetRunes = 120
	messageRunes = 1000
)

// ParseError turns a non-2xx answer into an *APIError. It understands Clio's
// {"error":{"type","message"}} and the OAuth layer's
// {"error":"...","error_description":"..."}; anything else becomes a Snippet.
// Method and URL are left for the caller to fill in.
func ParseError(status int, header http.Header, body []byte) *APIError {
	e := &APIError{Status: status}
	if status == http.StatusTooManyRequests || status >= 500 {
		if d, ok := ParseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
			e.RetryAfter = d
		}
	}
	if typ, msg, ok := decodeErrorBody(body); ok {
		e.Type = clean(typ, 100)
		e.Message = clean(msg, messageRunes)
		if e.Type != "" || e.Message != "" {
			return e
		}
	}
	e.Snippet = Snippet(body)
	return e
}

// decodeErrorBody recognises the two JSON error shapes Clio uses.
func decodeErrorBody(body []byte) (typ, msg string, ok bool) {
	var env struct {
		Error       json.RawMessage `json:"error"`
		Description string          `json:"error_description"`
		Message     string          `json:"message"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return "", "", false
	}
	trimmed := bytes.TrimSpace(env.Error)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		var detail struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(trimmed, &detail); err != nil {
			return "", "", false
		}
		return detail.Type, detail.Message, true
	case len(trimmed) > 0 && trimmed[0] == '"':
		var code string
		if err := json.Unmarshal(trimmed, &code); err != nil {
			return "", "", false
		}
		return code, env.Description, true
	case env.Message != "":
		return "", env.Message, true
	}
	return "", "", false
}

// Snippet makes a short, printable summary of an unexpected body: tags,
// scripts and styles dropped, entities decoded, control and escape characters
// removed, whitespace collapsed, cut to about 120 characters.
func Snippet(body []byte) string {
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	s = html.UnescapeString(stripTags(s))
	return clean(s, snippetRunes)
}

// stripTags removes markup, including the content of script and style
// elements (a proxy's error page is mostly CSS otherwise).
func stripTags(s string) string {
	var b strings.Builder
	lower := strings.ToLower(s)
	for i := 0; i < len(s); {
		if s[i] != '<' {
			b.WriteByte(s[i])
			i++
			continue
		}
		for _, el := range [...]string{"script", "style"} {
			if strings.HasPrefix(lower[i+1:], el) {
				if end := strings.Index(lower[i:], "</"+el); end >= 0 {
					i += end
				} else {
					i = len(s)
				}
				break
			}
		}
		if i >= len(s) {
			break
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			break
		}
		i += end + 1
		b.WriteByte(' ') // a tag separates words
	}
	return b.String()
}

// ansiSeq matches terminal escape sequences (CSI, OSC, and two-byte ones),
// so a hostile body cannot recolour or retitle the user's terminal.
var ansiSeq = regexp.MustCompile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)?|\x1b[@-_]")

// clean removes control and formatting characters (ANSI escapes included),
// collapses whitespace and cuts s to max runes with an ellipsis.
func clean(s string, max int) string {
	s = ansiSeq.ReplaceAllString(s, "")
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			continue
		}
		if space {
			if n+1 >= max {
				b.WriteString("…")
				return b.String()
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= max {
			b.WriteString("…")
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// callerDoneError marks a failure that happened because the caller's context
// ended: retrying it would defy the caller.
type callerDoneError struct{ ctxErr, err error }

func (e *callerDoneError) Error() string   { return e.err.Error() }
func (e *callerDoneError) Unwrap() []error { return []error{e.ctxErr, e.err} }

// IsRetryable reports whether the same request may succeed later: 408, 429,
// 5xx, timeouts of the HTTP client itself, and connections that were reset,
// refused or closed mid-answer. The caller's own cancellation is never
// retryable.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var cd *callerDoneError
	if errors.As(err, &cd) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status == http.StatusRequestTimeout ||
			ae.Status == http.StatusTooManyRequests ||
			(ae.Status >= 500 && ae.Status <= 599)
	}
	if errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) // other socket-level failures: the network, not the request
}

// IsPermanent reports whether Clio refused the request itself, so sending it
// again unchanged cannot help: 400, 401, 403, 404, 405, 409, 410, 412, 413,
// 415, 422.
func IsPermanent(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Status {
	case 400, 401, 403, 404, 405, 409, 410, 412, 413, 415, 422:
		return true
	}
	return false
}

// secretParams are query parameters whose values must not appear in errors.
var secretParams = map[string]bool{
	"access_token": true, "refresh_token": true, "token": true, "code": true,
	"client_secret": true, "password": true, "api_key": true, "key": true,
}

// redactURL renders u for messages: no user info, secret values replaced.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if secretParams[strings.ToLower(k)] {
				q[k] = []string{"REDACTED"}
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}
