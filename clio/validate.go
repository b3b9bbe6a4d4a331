package clio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem is one way a request body departs from what Clio's OpenAPI
// description documents for an operation.
type Problem struct {
	Path    string // dotted place in the body: "data.date", "data[3].assignee.id"; "" for the body as a whole
	Message string // plain sentence naming the place, e.g. "missing data.date"
	// Warning marks problems Clio may tolerate (attributes it does not
	// document, a body where none is expected): callers may send anyway.
	Warning bool
	// Undocumented is set on the warning about an attribute the operation
	// does not document, so callers can name several in one line.
	Undocumented bool
}

// HasErrors reports whether any problem is not a mere warning.
func HasErrors(problems []Problem) bool {
	for _, p := range problems {
		if !p.Warning {
			return true
		}
	}
	return false
}

// Validate checks a request body exactly as it would be sent against the
// operation's documented data schema: JSON syntax, the {"data": ...}
// envelope, required attributes (nested too), types, integer ranges, enums,
// date and date-time formats and the spec's "null is not valid" rules.
// Attributes the spec does not list are reported as warnings whose message
// starts with "unknown attribute".
//
// A body that is a JSON array is a batch: each element is validated as one
// data object and reported as data[i]. An object whose "data" holds an array
// is treated the same way. Problems come in a stable order; nil means none.
func (op *Operation) Validate(body []byte) []Problem {
	if op == nil {
		return []Problem{{Message: "no catalogued endpoint to validate against"}}
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		// The spec marks every body optional, but an empty one cannot carry
		// attributes that are required.
		if op.Data != nil && (op.BodyRequired || len(op.Data.Required) > 0) {
			return []Problem{{Path: "data", Message: "missing data: the body is empty"}}
		}
		return nil
	}
	doc, err := decodeJSONBody(body)
	if err != nil {
		return []Problem{{Message: err.Error()}}
	}
	if op.Data == nil {
		return []Problem{{Message: fmt.Sprintf("%s %s documents no request body; Clio may ignore it", op.Method, op.Path), Warning: true}}
	}
	v := &validator{op: op}
	switch d := doc.(type) {
	case map[string]any:
		data, ok := d["data"]
		if !ok {
			v.add("data", `missing data: the body must be {"data": {...}}`)
			return v.problems
		}
		if arr, isArr := data.([]any); isArr && op.Data.Type == "object" {
			v.batch(arr)
		} else {
			v.required(op.Data, data, "data")
		}
		for _, k := range sortedKeys(d) {
			if k != "data" {
				v.warn(k, fmt.Sprintf("unknown attribute %s: the body holds only data", k))
			}
		}
	case []any:
		v.batch(d)
	default:
		v.add("", fmt.Sprintf(`the body must be {"data": {...}}, got %s`, describe(doc)))
	}
	return v.problems
}

// decodeJSONBody parses body keeping numbers as written, so integers, ranges
// and the original text survive for checks and messages.
func decodeJSONBody(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			line, col := lineCol(body, syn.Offset-1) // Offset counts the offending byte
			return nil, fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, syn.Error())
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, errors.New("invalid JSON: the body ends too early")
		default:
			return nil, fmt.Errorf("invalid JSON: %w", err)
		}
	}
	end := dec.InputOffset()
	if rest := bytes.TrimLeft(body[end:], " \t\r\n"); len(rest) > 0 {
		line, col := lineCol(body, int64(len(body)-len(rest)))
		return nil, fmt.Errorf("invalid JSON at line %d, column %d: more data after the first value", line, col)
	}
	return doc, nil
}

// lineCol turns the 0-based byte offset of a character into 1-based line
// and column numbers.
func lineCol(body []byte, offset int64) (line, col int) {
	offset = max(0, min(offset, int64(len(body))))
	before := body[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

type validator struct {
	op       *Operation
	problems []Problem
}

func (v *validator) add(path, msg string) {
	v.problems = append(v.problems, Problem{Path: path, Message: msg})
}

func (v *validator) warn(path, msg string) {
	v.problems = append(v.problems, Problem{Path: path, Message: msg, Warning: true})
}

// batch validates each element as one data object. Elements that are whole
// bodies ({"data": {...}}) are unwrapped, since that is a common way to batch.
func (v *validator) batch(elems []any) {
	if len(elems) == 0 {
		v.add("data", "data is an empty array: there is nothing to send")
		return
	}
	for i, el := range elems {
		if m, ok := el.(map[string]any); ok && len(m) == 1 && v.op.Data.Prop("data") == nil {
			if inner, ok := m["data"]; ok {
				el = inner
			}
		}
		v.required(v.op.Data, el, "data["+strconv.Itoa(i)+"]")
	}
}

// required checks a value that must be present and not null.
func (v *validator) required(a *Attr, val any, path string) {
	if val == nil {
		v.add(path, path+" must not be null")
		return
	}
	v.value(a, val, path)
}

func (v *validator) value(a *Attr, val any, path string) {
	if val == nil {
		if a.NotNull {
			v.add(path, path+" must not be null")
		}
		return
	}
	switch a.Type {
	case "object":
		m, ok := val.(map[string]any)
		if !ok {
			v.typeProblem(a, val, path)
			return
		}
		v.object(a, m, path)
	case "array":
		arr, ok := val.([]any)
		if !ok {
			v.typeProblem(a, val, path)
			return
		}
		if a.Items != nil {
			for i, el := range arr {
				if nothingToCheck(a.Items, el) {
					continue // its path is built only where a check may need it
				}
				v.value(a.Items, el, path+"["+strconv.Itoa(i)+"]")
			}
		}
	case "string":
		s, ok := val.(string)
		if !ok {
			v.typeProblem(a, val, path)
			return
		}
		if len(a.Enum) > 0 { // quoted only where a message may need it
			v.enum(a, s, strconv.Quote(s), path)
		}
		v.format(a, s, path)
	case "integer":
		n, ok := val.(json.Number)
		if !ok {
			v.typeProblem(a, val, path)
			return
		}
		v.integer(a, n, path)
		v.enum(a, n.String(), n.String(), path)
	case "number":
		n, ok := val.(json.Number)
		if !ok {
			v.typeProblem(a, val, path)
			return
		}
		v.enum(a, n.String(), n.String(), path)
	case "boolean":
		if _, ok := val.(bool); !ok {
			v.typeProblem(a, val, path)
		}
	}
}

func (v *validator) object(a *Attr, m map[string]any, path string) {
	var rule typeRule
	typed := a == v.op.Data
	if typed {
		rule, typed = typeRules[v.op.Method+" "+v.op.Path]
	}
	for _, name := range a.Required {
		if typed && rule.relaxed(name) {
			continue
		}
		val, ok := m[name]
		switch {
		case !ok:
			if d, isDoubt := v.doubt("person name", path+"."+name); isDoubt && m["type"] == "Person" && (m["first_name"] != nil || m["last_name"] != nil) {
				v.warnDoubtful(d, path+"."+name, "missing "+path+"."+name)
				continue
			}
			v.add(path+"."+name, "missing "+path+"."+name)
		case val == nil:
			v.add(path+"."+name, path+"."+name+" must not be null")
		case val == "":
			// The description allows it; Clio's checks of a required text do not.
			v.warn(path+"."+name, path+"."+name+` is "": Clio is likely to refuse an empty `+name)
		}
	}
	if typed {
		v.requiredByType(rule, m, path)
	}
	known := 0 // keys of m that name an attribute: Props are sorted by Name, so a repeated name is the one before
	for i, p := range a.Props {
		val, ok := m[p.Name]
		if ok && (i == 0 || a.Props[i-1].Name != p.Name) {
			known++
		}
		if !ok || (val == nil && a.IsRequired(p.Name)) || nothingToCheck(p, val) {
			continue // absent, null already reported as missing a required value, or nothing to check
		}
		v.value(p, val, path+"."+p.Name)
	}
	if len(a.Props) == 0 || known == len(m) {
		return // a free-form object (the spec lists no attributes to compare with), or no unknown key
	}
	var unknown []string
	for k := range m {
		if a.Prop(k) == nil {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		p := path + "." + k
		v.problems = append(v.problems, Problem{Path: p, Message: fmt.Sprintf("unknown attribute %s: %q documents no such attribute", p, v.op.Summary), Warning: true, Undocumented: true})
	}
}

// nothingToCheck reports that value would find nothing to say of val: text
// with no options or date format, or a boolean, where a boolean is wanted.
// Callers then skip building its path.
func nothingToCheck(a *Attr, val any) bool {
	switch val.(type) {
	case string:
		return a.Type == "string" && len(a.Enum) == 0 && a.Format != "date" && a.Format != "date-time"
	case bool:
		return a.Type == "boolean"
	}
	return false
}

func (v *validator) integer(a *Attr, n json.Number, path string) {
	i, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		// 12.0 and 1e3 are whole numbers written as decimals; accept them
		// only where a float64 still holds them exactly.
		f, ferr := strconv.ParseFloat(n.String(), 64)
		switch {
		case ferr == nil && f == math.Trunc(f) && math.Abs(f) <= 1<<53:
			i = int64(f)
		case ferr == nil && f == math.Trunc(f), errors.Is(err, strconv.ErrRange):
			v.add(path, fmt.Sprintf("%s must be an integer, got number %s (out of range)", path, n))
			return
		default:
			v.add(path, fmt.Sprintf("%s must be an integer, got number %s", path, n))
			return
		}
	}
	if a.Format == "int32" && (i < math.MinInt32 || i > math.MaxInt32) {
		v.add(path, fmt.Sprintf("%s must be a 32-bit integer, got number %s (out of range)", path, n))
	}
}

func (v *validator) enum(a *Attr, s, shown, path string) {
	if len(a.Enum) == 0 {
		return
	}
	for _, e := range a.Enum {
		if e == s {
			return
		}
	}
	v.add(path, fmt.Sprintf("%s must be %s, got %s", path, orList(a.Enum), shown))
}

func (v *validator) format(a *Attr, s, path string) {
	switch a.Format {
	case "date":
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			v.add(path, fmt.Sprintf("%s must be a date (YYYY-MM-DD), got %s", path, quoteShort(s)))
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			if d, ok := v.doubt("due_at date", path); ok && plainDate(s) {
				v.warnDoubtful(d, path, fmt.Sprintf("%s is a date, not a date-time: %s", path, quoteShort(s)))
				return
			}
			v.add(path, fmt.Sprintf("%s must be a date-time (RFC 3339, e.g. 2024-05-01T09:00:00Z), got %s", path, quoteShort(s)))
		}
	}
}

func (v *validator) typeProblem(a *Attr, val any, path string) {
	if s, isStr := val.(string); isStr && a.Type == "integer" {
		if d, ok := v.doubt("custom field value id", path); ok && s != "" {
			v.warnDoubtful(d, path, fmt.Sprintf("%s is a string, %s", path, quoteShort(s)))
			return
		}
	}
	want := map[string]string{
		"object": "an object", "array": "an array", "string": "a string",
		"integer": "an integer", "number": "a number", "boolean": "a boolean",
	}[a.Type]
	// Linked records are {"id": N}; say so, since a bare ID is the usual slip.
	if a.Type == "object" && len(a.Props) > 0 && a.Prop("id") != nil {
		want = `an object like {"id": 123}`
	}
	v.add(path, fmt.Sprintf("%s must be %s, got %s", path, want, describe(val)))
}

// describe names a decoded JSON value's type and, for scalars, its text.
func describe(val any) string {
	switch x := val.(type) {
	case nil:
		return "null"
	case string:
		return "string " + quoteShort(x)
	case json.Number:
		return "number " + x.String()
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", val)
}

// quoteShort quotes s, shortened so one bad value cannot flood a message.
func quoteShort(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// orList renders "A", "A or B", "A, B or C".
func orList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
