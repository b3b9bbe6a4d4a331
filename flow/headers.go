package flow

import (
	"fmt"
	"net/http"
	"strings"
)

// Header is one extra request header of an Advanced endpoint, kept in the
// order the user wrote it.
type Header struct {
	Name, Value string
}

// refusedHeaders are set by cliodest itself; letting a destination set them
// would leak or corrupt the credential or the framing.
var refusedHeaders = map[string]string{
	"Authorization":  "the credential supplies it",
	"Host":           "it comes from the URL",
	"Content-Length": "it is computed from the body",
}

// ParseHeaders parses "header1:value1,header2:value2". Each pair splits on
// its first colon, so values may hold colons; a comma inside a value is
// written "\," and a backslash "\\". Names must be HTTP tokens; surrounding
// spaces are trimmed. Authorization, Host and Content-Length are refused.
// A value may reference an environment variable as ${NAME}, read only at
// send time; a header whose name looks secret (key, token, secret, auth,
// password, signature, cookie, …) must take its value from one.
func ParseHeaders(s string) ([]Header, error) {
	var out []Header
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	pairs, err := splitEscaped(s, "headers")
	if err != nil {
		return nil, err
	}
	for i, p := range pairs {
		name, value, ok := strings.Cut(p, ":")
		name = strings.TrimSpace(name)
		value = strings.TrimSpace(value)
		if !ok {
			return nil, fmt.Errorf("header %d %q: missing ':' between name and value", i+1, p)
		}
		if name == "" {
			return nil, fmt.Errorf("header %d %q: empty name", i+1, p)
		}
		if !isToken(name) {
			return nil, fmt.Errorf("header %d: name %q has characters not allowed in a header name", i+1, name)
		}
		canon := http.CanonicalHeaderKey(name)
		if why, bad := refusedHeaders[canon]; bad {
			return nil, fmt.Errorf("header %d: %s cannot be set here: %s", i+1, canon, why)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return nil, fmt.Errorf("header %d %s: value has a line break or NUL", i+1, canon)
		}
		refs, err := headerRefs(value)
		if err != nil {
			return nil, fmt.Errorf("header %d %s: %w", i+1, canon, err)
		}
		if err := checkSecretValue(canon, value, refs); err != nil {
			return nil, fmt.Errorf("header %d: %w", i+1, err)
		}
		out = append(out, Header{Name: canon, Value: value})
	}
	return out, nil
}

// FormatHeaders is the inverse of ParseHeaders.
func FormatHeaders(hs []Header) string {
	var b strings.Builder
	for i, h := range hs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(h.Name)
		b.WriteByte(':')
		b.WriteString(commaEscaper.Replace(h.Value))
	}
	return b.String()
}

// commaEscaper writes a list item so splitEscaped reads it back.
var commaEscaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`)

// splitEscaped splits on unescaped commas and resolves the two escapes;
// what names the list in messages ("headers", "values").
func splitEscaped(s, what string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) || (s[i+1] != ',' && s[i+1] != '\\') {
				return nil, fmt.Errorf(`%s: "\" at position %d must be followed by "," or "\" (write "\\" for a backslash)`, what, i+1)
			}
			i++
			cur.WriteByte(s[i])
		case c == ',':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	parts = append(parts, cur.String())
	// Tolerate a trailing comma but not empty pairs in the middle.
	if len(parts) > 1 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	for i, p := range parts {
		if strings.TrimSpace(p) == "" {
			return nil, fmt.Errorf("%s: pair %d is empty", what, i+1)
		}
	}
	return parts, nil
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return s != ""
}

// secretHeader reports whether a header's name looks secret: its value is
// masked on screen, and a destination must take it from the environment
// (${NAME}) rather than hold it.
func secretHeader(name string) bool {
	n := strings.ToLower(name)
	if nonSecretHeaders[n] {
		return false
	}
	// Whole words, so X-Author or X-Session-Timeout-Hint-like names are not
	// caught by a substring, while X-Api-Key, X-Auth-Token and XApiKey are.
	for _, w := range strings.FieldsFunc(n, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if secretWords[w] {
			return true
		}
		for _, suffix := range []string{"token", "secret", "apikey", "password"} {
			if strings.HasSuffix(w, suffix) {
				return true
			}
		}
	}
	return false
}

var secretWords = map[string]bool{
	"key": true, "token": true, "secret": true, "auth": true, "authorization": true,
	"password": true, "passwd": true, "signature": true, "cookie": true,
	"credential": true, "credentials": true, "session": true,
}

// nonSecretHeaders are names with a secret-looking word whose values are not secrets.
var nonSecretHeaders = map[string]bool{"idempotency-key": true}

// Mask is what a masked secret looks like everywhere.
const Mask = "••••••••"
