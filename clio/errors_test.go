package clio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestParseError(t *testing.T) {
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
		want   APIError
	}{
		{"api shape", 422, nil, `{"error":{"type":"UnprocessableEntity","message":"Date can't be blank"}}`,
			APIError{Status: 422, Type: "UnprocessableEntity", Message: "Date can't be blank"}},
		{"oauth shape", 401, nil, `{"error":"invalid_token","error_description":"The access token expired"}`,
			APIError{Status: 401, Type: "invalid_token", Message: "The access token expired"}},
		{"oauth code only", 400, nil, `{"error":"invalid_grant"}`,
			APIError{Status: 400, Type: "invalid_grant"}},
		{"bare message", 404, nil, `{"message":"Not found"}`, APIError{Status: 404, Message: "Not found"}},
		{"html page", 502, nil,
			"<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style>" +
				"<script>var x = '<b>';</script></head>\n<body>\n\t<h1>Bad   Gateway</h1><p>nginx &amp; friends</p></body></html>",
			APIError{Status: 502, Snippet: "502 Bad Gateway Bad Gateway nginx & friends"}},
		{"escape sequences", 500, nil, "boom \x1b[31mred\x1b[0m\x07 \u202eevil\x1b]0;pwned\x07\r\n",
			APIError{Status: 500, Snippet: "boom red evil"}},
		{"empty body", 503, http.Header{"Retry-After": {"7"}}, "",
			APIError{Status: 503, RetryAfter: 7 * time.Second}},
		{"429 retry after", 429, http.Header{"Retry-After": {"30"}}, `{"error":{"type":"RateLimited","message":"Too many requests"}}`,
			APIError{Status: 429, Type: "RateLimited", Message: "Too many requests", RetryAfter: 30 * time.Second}},
		{"retry after ignored on 422", 422, http.Header{"Retry-After": {"30"}}, `{"error":{"type":"X","message":"y"}}`,
			APIError{Status: 422, Type: "X", Message: "y"}},
		{"json of another shape", 400, nil, `{"errors":["a","b"]}`, APIError{Status: 400, Snippet: `{"errors":["a","b"]}`}},
		{"error object empty", 400, nil, `{"error":{}}`, APIError{Status: 400, Snippet: `{"error":{}}`}},
		{"error wrong type", 400, nil, `{"error":12}`, APIError{Status: 400, Snippet: `{"error":12}`}},
		{"invalid utf8", 500, nil, "caf\xe9 ok", APIError{Status: 500, Snippet: "caf ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			got := ParseError(tt.status, h, []byte(tt.body))
			if *got != tt.want {
				t.Errorf("got  %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

func TestSnippetIsShort(t *testing.T) {
	s := Snippet([]byte(strings.Repeat("word ", 500)))
	if n := utf8.RuneCountInString(s); n > snippetRunes+1 || !strings.HasSuffix(s, "…") {
		t.Errorf("snippet of %d runes: %q", n, s)
	}
	long := ParseError(422, http.Header{}, []byte(`{"error":{"type":"T","message":"`+strings.Repeat("x", 5000)+`"}}`))
	if n := utf8.RuneCountInString(long.Message); n > messageRunes+1 {
		t.Errorf("message kept %d runes", n)
	}
}

func TestAPIErrorMessage(t *testing.T) {
	tests := []struct {
		e    APIError
		want string
	}{
		{APIError{Status: 422, Type: "UnprocessableEntity", Message: "Date can't be blank", Method: "POST", URL: "https://app.clio.com/api/v4/activities.json"},
			"Clio answered 422 Unprocessable Entity (UnprocessableEntity): Date can't be blank — POST https://app.clio.com/api/v4/activities.json"},
		{APIError{Status: 502, Snippet: "Bad Gateway"},
			`Clio answered 502 Bad Gateway: "Bad Gateway"`},
		{APIError{Status: 429, Message: "slow down", RetryAfter: 30 * time.Second, Method: "GET", URL: "/x"},
			"Clio answered 429 Too Many Requests: slow down; retry after 30s — GET /x"},
		{APIError{Status: 599}, "Clio answered 599"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	wrapped := fmt.Errorf("deliver: %w", &APIError{Status: 404})
	if StatusText(wrapped) != "404 Not Found" || StatusText(errors.New("x")) != "" {
		t.Errorf("StatusText: %q", StatusText(wrapped))
	}
}

// timeoutErr is a net.Error that timed out, like a dial or read deadline.
type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassification(t *testing.T) {
	api := func(status int) error { return fmt.Errorf("send: %w", &APIError{Status: status}) }
	tests := []struct {
		name                 string
		err                  error
		retryable, permanent bool
	}{
		{"nil", nil, false, false},
		{"429", api(429), true, false},
		{"408", api(408), true, false},
		{"500", api(500), true, false},
		{"503", api(503), true, false},
		{"599", api(599), true, false},
		{"400", api(400), false, true},
		{"401", api(401), false, true},
		{"403", api(403), false, true},
		{"404", api(404), false, true},
		{"409", api(409), false, true},
		{"410", api(410), false, true},
		{"412", api(412), false, true},
		{"422", api(422), false, true},
		{"418", api(418), false, false},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), false, false},
		{"caller deadline", &callerDoneError{ctxErr: context.DeadlineExceeded, err: fmt.Errorf("x: %w", timeoutErr{})}, false, false},
		{"client timeout", fmt.Errorf("x: %w", context.DeadlineExceeded), true, false},
		{"net timeout", fmt.Errorf("x: %w", timeoutErr{}), true, false},
		{"reset", fmt.Errorf("x: %w", &net.OpError{Op: "read", Err: syscall.ECONNRESET}), true, false},
		{"refused", fmt.Errorf("x: %w", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true, false},
		{"unexpected EOF", fmt.Errorf("x: %w", io.ErrUnexpectedEOF), true, false},
		{"EOF", fmt.Errorf("x: %w", io.EOF), true, false},
		{"closed", fmt.Errorf("x: %w", net.ErrClosed), true, false},
		{"dns not found", fmt.Errorf("x: %w", &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}), false, false},
		{"dns temporary", fmt.Errorf("x: %w", &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}), true, false},
		{"plain", errors.New("bad request body"), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRetryable(tt.err); got != tt.retryable {
				t.Errorf("IsRetryable = %v, want %v", got, tt.retryable)
			}
			if got := IsPermanent(tt.err); got != tt.permanent {
				t.Errorf("IsPermanent = %v, want %v", got, tt.permanent)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	got := redactURL(u(t, "https://me:pw@app.clio.com/oauth/token?code=abc&client_secret=s3&fields=id"))
	for _, secret := range []string{"pw", "abc", "s3"} {
		if strings.Contains(got, secret) {
			t.Errorf("%s still holds %q", got, secret)
		}
	}
	if !strings.Contains(got, "fields=id") {
		t.Errorf("%s lost a harmless parameter", got)
	}
}

func FuzzParseError(f *testing.F) {
	for _, s := range []string{
		`{"error":{"type":"T","message":"m"}}`, `{"error":"invalid_token","error_description":"d"}`,
		"<html><title>x</title></html>", "\x1b]0;title\x07", `{"error":null}`, "<script", "<style>a", "",
	} {
		f.Add(422, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		e := ParseError(status, http.Header{"Retry-After": {"3"}}, []byte(body))
		if e == nil || e.Status != status {
			t.Fatalf("ParseError lost the status: %+v", e)
		}
		for _, s := range []string{e.Type, e.Message, e.Snippet} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
			for _, r := range s {
				if unicode.IsControl(r) {
					t.Fatalf("control character %U in %q", r, s)
				}
			}
		}
		if utf8.RuneCountInString(e.Snippet) > snippetRunes+1 {
			t.Fatalf("snippet too long: %q", e.Snippet)
		}
		_ = e.Error()
	})
}
