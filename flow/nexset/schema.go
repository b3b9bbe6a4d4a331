package nexset

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Attr describes one attribute path seen in a Nexset.
type Attr struct {
	Path     string   // dotted: "matter.id"
	Types    []string // "string","integer","number","boolean","object","array","null","date"
	Examples []string // up to 3 distinct, short
	Present  int      // records that have it
}

// Schema summarises the records examined.
type Schema struct {
	Records int      // records examined
	Attrs   []Attr   // in order of first appearance
	Notes   []string // Head: what the reader decided that a user should know (Reader.Notes)
	Layout  Layout   // Head: how the Nexset was read
}

const (
	maxExamples   = 3
	maxExampleLen = 40
)

// InferSchema lists every attribute path of recs. Nested objects give both
// the object ("matter", type object) and its members ("matter.id"), so that
// either can be mapped or excluded; arrays are leaves of type array.
func InferSchema(recs []Record) Schema {
	b := schemaBuilder{index: map[string]int{}}
	for _, r := range recs {
		b.record++
		b.walk("", r.Fields)
	}
	for i := range b.attrs {
		sort.Slice(b.attrs[i].Types, func(x, y int) bool {
			return typeRank[b.attrs[i].Types[x]] < typeRank[b.attrs[i].Types[y]]
		})
	}
	return Schema{Records: len(recs), Attrs: b.attrs}
}

// typeRank orders a union of types the same way every time.
var typeRank = map[string]int{"string": 0, "date": 1, "integer": 2, "number": 3, "boolean": 4, "object": 5, "array": 6, "null": 7}

type schemaBuilder struct {
	attrs  []Attr
	index  map[string]int
	seenIn []int // per attr: the last record counted in Present
	record int
}

func (b *schemaBuilder) walk(prefix string, m map[string]any) {
	// Map order is random; sort keys so that "first appearance" is stable
	// within a record.
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		v := m[k]
		b.add(path, v)
		if sub, ok := v.(map[string]any); ok {
			b.walk(path, sub)
		}
	}
}

func (b *schemaBuilder) add(path string, v any) {
	i, ok := b.index[path]
	if !ok {
		i = len(b.attrs)
		b.index[path] = i
		b.attrs = append(b.attrs, Attr{Path: path})
		b.seenIn = append(b.seenIn, 0)
	}
	a := &b.attrs[i]
	if b.seenIn[i] != b.record {
		b.seenIn[i] = b.record
		a.Present++
	}
	t := TypeOf(v)
	if !contains(a.Types, t) {
		a.Types = append(a.Types, t)
	}
	if ex, ok := example(v); ok && len(a.Examples) < maxExamples && !contains(a.Examples, ex) {
		a.Examples = append(a.Examples, ex)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TypeOf names the schema type of a decoded value.
func TypeOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if IsDate(x) {
			return "date"
		}
		return "string"
	case int64, int:
		return "integer"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "string"
}

// IsDate reports whether s is an ISO 8601 date ("2024-03-01") or date-time
// ("2024-03-01T09:30:00Z", with or without a zone), as Clio's date fields take.
func IsDate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	if len(s) == 10 {
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
	if s[10] != 'T' {
		return false
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return true
	}
	_, err := time.Parse("2006-01-02T15:04:05.999999999", s)
	return err == nil
}

// example renders a value short enough for a schema table; objects have none.
func example(v any) (string, bool) {
	var s string
	switch x := v.(type) {
	case map[string]any:
		return "", false
	case nil:
		s = "null"
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		s = strconv.FormatBool(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return "", false
		}
		s = string(b)
	}
	return shorten(s), true
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxExampleLen {
		return s
	}
	r := []rune(s)
	return string(r[:maxExampleLen-1]) + "…"
}
