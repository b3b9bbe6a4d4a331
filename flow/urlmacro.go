package flow

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// URLTemplate is an endpoint URL with {record.attr} macros, parsed once and
// expanded per record.
type URLTemplate struct {
	raw   string
	parts []urlPart
}

type urlPart struct {
	lit   string // literal text, when attr == ""
	attr  string // dotted record path of a macro
	query bool   // the macro sits after '?', so it is query-escaped
}

// ParseURLTemplate parses macros of the form {record.path}. Any other use
// of '{' or '}' is an error, so typos surface before anything is sent.
func ParseURLTemplate(s string) (*URLTemplate, error) {
	t := &URLTemplate{raw: s}
	inQuery := false
	for len(s) > 0 {
		open := strings.IndexAny(s, "{}")
		if open < 0 {
			t.parts = append(t.parts, urlPart{lit: s})
			break
		}
		if s[open] == '}' {
			return nil, fmt.Errorf("url %q: '}' without a matching '{'", t.raw)
		}
		if open > 0 {
			t.parts = append(t.parts, urlPart{lit: s[:open]})
			inQuery = inQuery || strings.Contains(s[:open], "?")
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("url %q: '{' without a closing '}'", t.raw)
		}
		inner := s[open+1 : open+end]
		name, ok := strings.CutPrefix(strings.TrimSpace(inner), "record.")
		if !ok {
			return nil, fmt.Errorf("url %q: macro {%s} must be {record.ATTRIBUTE}", t.raw, inner)
		}
		if !validPath(name) {
			return nil, fmt.Errorf("url %q: macro {%s} names no attribute (use dotted names like record.matter.id)", t.raw, inner)
		}
		t.parts = append(t.parts, urlPart{attr: name, query: inQuery})
		s = s[open+end+1:]
	}
	return t, nil
}

// validPath reports whether p is a dotted attribute path with no empty segment.
// validSource reports whether p can name a record attribute: a dotted path,
// or one name that holds dots itself ("Hrs.", a CSV header taken literally;
// Get finds a whole name before it splits at dots).
func validSource(p string) bool {
	return strings.TrimSpace(p) != "" && !strings.ContainsAny(p, "{}")
}

func validPath(p string) bool {
	if p == "" || strings.ContainsAny(p, "{}") {
		return false
	}
	for seg := range strings.SplitSeq(p, ".") {
		if strings.TrimSpace(seg) == "" {
			return false
		}
	}
	return true
}

// String returns the template as written.
func (t *URLTemplate) String() string { return t.raw }

// Attrs lists the record attributes the macros use.
func (t *URLTemplate) Attrs() []string {
	var out []string
	for _, p := range t.parts {
		if p.attr != "" {
			out = append(out, p.attr)
		}
	}
	return out
}

// HasMacros reports whether the URL depends on the record.
func (t *URLTemplate) HasMacros() bool { return len(t.Attrs()) > 0 }

// Expand substitutes the record's values, escaped for their place in the URL.
// A missing, empty, null or structured value is an *AttrError naming the attribute.
func (t *URLTemplate) Expand(fields map[string]any) (string, error) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.attr == "" {
			b.WriteString(p.lit)
			continue
		}
		v, ok := nexset.Get(fields, p.attr)
		if !ok {
			return "", &AttrError{Attr: p.attr, Reason: "missing (the URL needs it)"}
		}
		s, err := scalarText(v)
		if err != nil {
			return "", &AttrError{Attr: p.attr, Reason: err.Error() + " (the URL needs it)"}
		}
		if p.query {
			b.WriteString(url.QueryEscape(s))
		} else {
			b.WriteString(url.PathEscape(s))
		}
	}
	return b.String(), nil
}

// scalarText renders a JSON scalar for a URL; integral floats lose their ".0".
func scalarText(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", fmt.Errorf("is null")
	case string:
		if strings.TrimSpace(x) == "" {
			return "", fmt.Errorf("is empty")
		}
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return strconv.FormatInt(int64(x), 10), nil
		}
		if x == math.Trunc(x) {
			// Past 64 bits the reader kept only a float: its digits are not the Nexset's.
			return "", fmt.Errorf("is a whole number too large to read exactly (about %g): write it as a string", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	default:
		k := jsonKind(v)
		if strings.IndexByte("aeiou", k[0]) >= 0 {
			return "", fmt.Errorf("is an %s, not a single value", k)
		}
		return "", fmt.Errorf("is a %s, not a single value", k)
	}
}

// AttrError is a per-record problem with one attribute.
type AttrError struct {
	Attr   string
	Reason string
	// Err is the error Reason was made from, when one was (a look-up
	// Clio did not answer, which is not the record's fault); nil else.
	Err error
}

func (e *AttrError) Error() string { return e.Attr + ": " + e.Reason }
func (e *AttrError) Unwrap() error { return e.Err }

// jsonKind names a decoded JSON value's type the way users read it.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case int64, int, int32:
		return "integer"
	case float64, float32:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	default:
		return fmt.Sprintf("%T", v)
	}
}
