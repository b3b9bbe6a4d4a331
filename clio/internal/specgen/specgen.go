package specgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Attr is one attribute of a request's data. Its JSON tags are the catalogue's
// wire format and must stay identical to clio.Attr's.
type Attr struct {
	Name     string   `json:"name,omitempty"`
	Type     string   `json:"type,omitempty"`
	Format   string   `json:"format,omitempty"`
	Enum     []string `json:"enum,omitempty"`
	Required []string `json:"required,omitempty"`
	Props    []*Attr  `json:"props,omitempty"`
	Items    *Attr    `json:"items,omitempty"`
	Nullable bool     `json:"nullable,omitempty"`
	NotNull  bool     `json:"notnull,omitempty"`
}

// Operation is one method on one path. Its JSON tags must stay identical to
// clio.Operation's.
type Operation struct {
	Method       string   `json:"method"`
	Path         string   `json:"path"`
	Summary      string   `json:"summary,omitempty"`
	Data         *Attr    `json:"data,omitempty"`
	BodyRequired bool     `json:"body_required,omitempty"`
	Query        []string `json:"query,omitempty"` // names of the query parameters, sorted
}

// methodOrder sorts an endpoint's methods the way API references list them.
var methodOrder = map[string]int{"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}

// The spec states nullability in prose only; these phrases are its exact wording.
var (
	notNullPhrases  = []string{"The keyword `null` is not valid for this field", "The keyword null is not valid for this field"}
	nullablePhrases = []string{"Use the keyword `null` to specify no association", "`null` are valid values"}
)

// schema is the part of an OpenAPI schema object the catalogue reads.
type schema struct {
	Ref         string             `json:"$ref"`
	Type        string             `json:"type"`
	Format      string             `json:"format"`
	Enum        []any              `json:"enum"`
	Required    []string           `json:"required"`
	Properties  map[string]*schema `json:"properties"`
	Items       *schema            `json:"items"`
	Nullable    bool               `json:"nullable"`
	Description string             `json:"description"`
	AllOf       []json.RawMessage  `json:"allOf"`
	OneOf       []json.RawMessage  `json:"oneOf"`
	AnyOf       []json.RawMessage  `json:"anyOf"`
}

type requestBody struct {
	Ref      string `json:"$ref"`
	Required bool   `json:"required"`
	Content  map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"content"`
}

type operation struct {
	Summary     string       `json:"summary"`
	RequestBody *requestBody `json:"requestBody"`
	Parameters  []parameter  `json:"parameters"`
}

type parameter struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

type document struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas       map[string]*schema      `json:"schemas"`
		RequestBodies map[string]*requestBody `json:"requestBodies"`
		Parameters    map[string]*parameter   `json:"parameters"`
	} `json:"components"`
}

// Build reads an OpenAPI 3 document and returns its operations, sorted by path
// and then by method.
func Build(spec []byte) ([]Operation, error) {
	var doc document
	if err := json.Unmarshal(spec, &doc); err != nil {
		return nil, fmt.Errorf("read OpenAPI document: %w", err)
	}
	if len(doc.Paths) == 0 {
		return nil, fmt.Errorf("read OpenAPI document: no paths")
	}
	var ops []Operation
	for path, item := range doc.Paths {
		for method, raw := range item {
			if _, ok := methodOrder[method]; !ok {
				continue // "parameters", "summary", "servers" and other non-operation keys
			}
			op, err := buildOperation(&doc, path, method, raw)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(method), path, err)
			}
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return methodOrder[strings.ToLower(ops[i].Method)] < methodOrder[strings.ToLower(ops[j].Method)]
	})
	return ops, nil
}

func buildOperation(doc *document, path, method string, raw json.RawMessage) (Operation, error) {
	var o operation
	if err := json.Unmarshal(raw, &o); err != nil {
		return Operation{}, fmt.Errorf("read operation: %w", err)
	}
	op := Operation{Method: strings.ToUpper(method), Path: path, Summary: strings.TrimSpace(o.Summary)}
	q, err := queryNames(doc, o.Parameters)
	if err != nil {
		return Operation{}, err
	}
	op.Query = q
	rb := o.RequestBody
	if rb == nil {
		return op, nil
	}
	if rb.Ref != "" {
		name, ok := strings.CutPrefix(rb.Ref, "#/components/requestBodies/")
		if !ok || doc.Components.RequestBodies[name] == nil {
			return Operation{}, fmt.Errorf("request body: unresolvable $ref %q", rb.Ref)
		}
		rb = doc.Components.RequestBodies[name]
	}
	op.BodyRequired = rb.Required
	media, ok := rb.Content["application/json"]
	if !ok || media.Schema == nil {
		return op, nil // a body the catalogue cannot describe as JSON: no data schema
	}
	body, err := resolve(doc, media.Schema, nil)
	if err != nil {
		return Operation{}, fmt.Errorf("request body: %w", err)
	}
	data, ok := body.Properties["data"]
	if !ok {
		return Operation{}, fmt.Errorf("request body has no \"data\" property")
	}
	attr, err := convert(doc, data, "data", nil)
	if err != nil {
		return Operation{}, err
	}
	attr.Name = ""
	op.Data = attr
	return op, nil
}

// queryNames lists an operation's query parameters (what a list endpoint
// filters by), following $ref to components/parameters.
func queryNames(doc *document, ps []parameter) ([]string, error) {
	var out []string
	for _, p := range ps {
		if p.Ref != "" {
			name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/")
			if !ok || doc.Components.Parameters[name] == nil {
				return nil, fmt.Errorf("parameter: unresolvable $ref %q", p.Ref)
			}
			p = *doc.Components.Parameters[name]
		}
		if p.In == "query" {
			out = append(out, p.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// resolve follows $ref to components/schemas; seen guards against cycles.
func resolve(doc *document, s *schema, seen []string) (*schema, error) {
	for s.Ref != "" {
		name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/")
		if !ok {
			return nil, fmt.Errorf("unsupported $ref %q", s.Ref)
		}
		for _, n := range seen {
			if n == name {
				return nil, fmt.Errorf("recursive $ref %q", s.Ref)
			}
		}
		seen = append(seen, name)
		next := doc.Components.Schemas[name]
		if next == nil {
			return nil, fmt.Errorf("unresolvable $ref %q", s.Ref)
		}
		s = next
	}
	return s, nil
}

func convert(doc *document, s *schema, where string, seen []string) (*Attr, error) {
	s, err := resolve(doc, s, seen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	// Composition would need merging rules the catalogue does not have; fail
	// loudly rather than describe an attribute wrongly.
	if len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 {
		return nil, fmt.Errorf("%s: allOf/oneOf/anyOf is not supported", where)
	}
	a := &Attr{Type: s.Type, Format: s.Format, Nullable: s.Nullable}
	for _, p := range notNullPhrases {
		if strings.Contains(s.Description, p) {
			a.NotNull = true
		}
	}
	for _, p := range nullablePhrases {
		if strings.Contains(s.Description, p) {
			a.Nullable = true
		}
	}
	for _, e := range s.Enum {
		str, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%s: enum value %v is not a string", where, e)
		}
		a.Enum = append(a.Enum, str)
	}
	if len(s.Required) > 0 {
		a.Required = append([]string(nil), s.Required...)
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		child, err := convert(doc, s.Properties[n], where+"."+n, seen)
		if err != nil {
			return nil, err
		}
		child.Name = n
		a.Props = append(a.Props, child)
	}
	for _, r := range a.Required {
		if _, ok := s.Properties[r]; !ok {
			return nil, fmt.Errorf("%s: required attribute %q has no schema", where, r)
		}
	}
	if s.Items != nil {
		items, err := convert(doc, s.Items, where+"[]", seen)
		if err != nil {
			return nil, err
		}
		a.Items = items
	}
	return a, nil
}

// Encode writes the catalogue: a JSON object whose "operations" array holds
// one operation per line.
func Encode(ops []Operation) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("{\"operations\":[\n")
	for i, op := range ops {
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(op); err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", op.Method, op.Path, err)
		}
		buf.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		if i < len(ops)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	return buf.Bytes(), nil
}

// Generate is Build followed by Encode.
func Generate(spec []byte) ([]byte, error) {
	ops, err := Build(spec)
	if err != nil {
		return nil, err
	}
	return Encode(ops)
}
