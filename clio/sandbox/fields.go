package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// fieldSel is one entry of a `fields` query: a name and, for `matter{id,name}`, its nested names.
type fieldSel struct {
	name string
	sub  []string // nil when no braces were given
}

// defaultFields is what Clio returns without `fields`: only id and etag.
var defaultFields = []fieldSel{{name: "id"}, {name: "etag"}}

// parseFields reads `id,etag,matter{id,display_number}` (one level of nesting,
// as Clio allows) and checks every name against kind's schema when it is known.
func parseFields(kind, raw string) ([]fieldSel, error) {
	// Field names hold no spaces; dropping them lets "id, etag" through as Clio does.
	raw = strings.Join(strings.Fields(raw), "")
	if raw == "" {
		return defaultFields, nil
	}
	table := fieldTable[kind]
	var out []fieldSel
	for i := 0; i < len(raw); {
		j := i
		for j < len(raw) && raw[j] != ',' && raw[j] != '{' && raw[j] != '}' {
			j++
		}
		name := strings.TrimSpace(raw[i:j])
		if name == "" {
			return nil, fmt.Errorf("fields: empty field name at position %d", i)
		}
		sel := fieldSel{name: name}
		if j < len(raw) && raw[j] == '}' {
			return nil, fmt.Errorf("fields: unexpected '}' at position %d", j)
		}
		if j < len(raw) && raw[j] == '{' {
			end := strings.IndexByte(raw[j:], '}')
			if end < 0 {
				return nil, fmt.Errorf("fields: %s{ is not closed", name)
			}
			inner := raw[j+1 : j+end]
			if strings.ContainsRune(inner, '{') {
				return nil, fmt.Errorf("fields: %s nests more than one level", name)
			}
			sel.sub = []string{}
			for s := range strings.SplitSeq(inner, ",") {
				s = strings.TrimSpace(s)
				if s == "" {
					return nil, fmt.Errorf("fields: empty field name inside %s{}", name)
				}
				sel.sub = append(sel.sub, s)
			}
			j += end + 1
		}
		if table != nil {
			allowed, ok := table[name]
			if !ok {
				return nil, fmt.Errorf("fields: unknown field %q", name)
			}
			if sel.sub != nil {
				if allowed == nil {
					return nil, fmt.Errorf("fields: %s has no nested fields", name)
				}
				for _, s := range sel.sub {
					if !slices.Contains(allowed, s) {
						return nil, fmt.Errorf("fields: unknown field %q in %s{}", s, name)
					}
				}
			}
		}
		out = append(out, sel)
		if j < len(raw) {
			if raw[j] != ',' {
				return nil, fmt.Errorf("fields: expected ',' at position %d", j)
			}
			j++
		}
		i = j
	}
	return out, nil
}

// nestedDefault is what a nested record shows when named without braces.
var nestedDefault = []string{"id", "etag"}

// render writes o's selected fields as a JSON object, in the order asked;
// links are resolved against the store so nested fields show current values.
// With hours (API ≤ 4.0.3) an activity's quantities are shown in hours, as Clio did then.
func (s *Server) render(b *bytes.Buffer, kind string, o *object, sel []fieldSel, hours bool) {
	b.WriteByte('{')
	for i, f := range sel {
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, f.name)
		name := f.name
		if hours && kind == "activities" {
			name = hoursAlias(name)
		}
		v, ok := o.attrs[name]
		if !ok || v == nil {
			b.WriteString("null")
			continue
		}
		sub := f.sub
		if sub == nil && isNested(kind, f.name) {
			sub = nestedDefault
		}
		if sub == nil {
			writeValue(b, v)
			continue
		}
		s.renderLink(b, kind, f.name, v, sub)
	}
	b.WriteByte('}')
}

// renderLink writes a nested record, resolving it to the linked object when the sandbox stores that kind.
func (s *Server) renderLink(b *bytes.Buffer, kind, name string, v any, sub []string) {
	link, ok := v.(map[string]any)
	if !ok {
		writeValue(b, v)
		return
	}
	attrs := link
	if target, ok := linkTarget(kind, name, link); ok {
		if id, ok := toInt(link["id"]); ok {
			if o, ok := s.st.get(target, id); ok {
				attrs = o.attrs
			}
		}
	}
	b.WriteByte('{')
	for i, n := range sub {
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, n)
		val, ok := attrs[n]
		if !ok {
			val, ok = link[n] // e.g. a polymorphic assignee's "type"
		}
		if !ok || val == nil {
			b.WriteString("null")
			continue
		}
		writeValue(b, val)
	}
	b.WriteByte('}')
}

func isNested(kind, name string) bool {
	table := fieldTable[kind]
	if table == nil {
		return false
	}
	return table[name] != nil
}

func writeKey(b *bytes.Buffer, k string) {
	writeValue(b, k)
	b.WriteByte(':')
}

// writeValue encodes one attribute; values come from JSON or from Go code, so encoding cannot fail.
func writeValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case string:
		// Not json.Marshal: it would escape & and < in URLs and notes as \u0026.
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		enc.Encode(x)
		b.Truncate(b.Len() - 1) // Encode's newline
	case json.Number:
		b.WriteString(x.String())
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		enc, err := json.Marshal(x)
		if err != nil {
			b.WriteString("null")
			return
		}
		b.Write(enc)
	}
}
