package lookup

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Match is the object a value was found as.
type Match struct {
	ID    int64
	Label string // its display number or name, for messages
	ETag  string // its etag as Clio listed it; "" when it came from the cache
}

// ErrBlank is a value with nothing in it: it follows the mapping's rule for
// empty values (the attribute is left out), and is never looked up.
var ErrBlank = fmt.Errorf("blank")

// Text reads a record's value as the text to look up. Whole numbers are
// written in full (never through a float); other types cannot be looked up.
func Text(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return "", ErrBlank
		}
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		if x == math.Trunc(x) && math.Abs(x) >= 1<<53 {
			// Past 64 bits the reader kept only a float: its digits are not the Nexset's.
			return "", fmt.Errorf("%g is a whole number too large to read exactly: write it as a string", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case nil:
		return "", ErrBlank
	}
	return "", fmt.Errorf("a %T cannot be looked up: give text such as a display number, an e-mail or a name", v)
}

// normal is the form two values are compared in under rule r.
func normal(r rule, s string) string {
	switch r {
	case fold, name:
		return strings.ToLower(strings.TrimSpace(s))
	}
	return s
}

// NotFoundError is a value no object has.
type NotFoundError struct {
	Spec  Spec
	Value string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s with %s %s", collections[e.Spec.Collection].singular, e.Spec.Field, e.Value)
}

// AmbiguousError is a value several objects have: no one of them is picked.
type AmbiguousError struct {
	Spec       Spec
	Value      string
	Candidates []Match
}

func (e *AmbiguousError) Error() string {
	parts := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		parts[i] = fmt.Sprintf("%d (%s)", c.ID, c.Label)
	}
	return fmt.Sprintf("%d %s have %s %s: %s; none is picked: make the value unique in Clio or map the ID itself",
		len(e.Candidates), plural(collections[e.Spec.Collection].singular), e.Spec.Field, e.Value, strings.Join(parts, ", "))
}

func plural(s string) string {
	if strings.HasSuffix(s, "y") {
		return strings.TrimSuffix(s, "y") + "ies"
	}
	return s + "s"
}

// pick is the verdict on the candidates whose field equals value.
func pick(s Spec, value string, found []Match) (Match, error) {
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Match{}, &NotFoundError{Spec: s, Value: value}
	}
	slices.SortFunc(found, func(a, b Match) int { return int(min(max(a.ID-b.ID, -1), 1)) })
	return Match{}, &AmbiguousError{Spec: s, Value: value, Candidates: found}
}

// RequestError is a look-up Clio could not answer (the network, a refused
// token, a 5xx that lasted): the value is neither found nor missing.
type RequestError struct{ Err error }

func (e *RequestError) Error() string { return e.Err.Error() }
func (e *RequestError) Unwrap() error { return e.Err }
