package flow

import (
	"context"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/lookup"
)

// CustomFieldMapping fills one of the firm's custom fields, named as the
// firm sees it in Clio ("Referral Source"), from a record attribute (Source)
// or a constant (Value, when Const), optionally through a conversion. It is
// sent in custom_field_values as {custom_field: {id}, value}, the ID found
// by name among the custom fields of the endpoint's parent type (Contact for
// contacts, Matter for matters) when a record is prepared.
type CustomFieldMapping struct {
	Name    string
	Source  string
	Value   any
	Const   bool
	Convert string
}

// customFieldsAttr is the body attribute custom fields are sent in.
const customFieldsAttr = "custom_field_values"

// mapping is the entry as a Mapping (its Target the field's name), so it
// shares the mapping's file format and conversions.
func (c CustomFieldMapping) mapping() Mapping {
	return Mapping{Target: c.Name, Source: c.Source, Value: c.Value, Const: c.Const, Convert: c.Convert}
}

// String renders the entry the way the flags write it.
func (c CustomFieldMapping) String() string {
	if c.Const {
		return fmt.Sprintf("custom field %s=%v (constant)", c.Name, c.Value)
	}
	if c.Convert != "" {
		return "custom field " + c.Name + "=" + c.Source + ":" + c.Convert
	}
	return "custom field " + c.Name + "=" + c.Source
}

// ParseCustomFieldFlag reads --custom-field 'NAME=SOURCE[:conversion]'.
func ParseCustomFieldFlag(s string) (CustomFieldMapping, error) {
	name, rest, ok := strings.Cut(s, "=")
	name, rest = strings.TrimSpace(name), strings.TrimSpace(rest)
	if !ok || name == "" || rest == "" {
		return CustomFieldMapping{}, fmt.Errorf("--custom-field %q: write NAME=SOURCE or NAME=SOURCE:conversion, e.g. 'Referral Source=referral_source'", s)
	}
	c := CustomFieldMapping{Name: name, Source: rest}
	if src, conv, ok := strings.Cut(rest, ":"); ok {
		c.Source, c.Convert = strings.TrimSpace(src), strings.TrimSpace(conv)
		if err := checkConversion(c.Convert); err != nil {
			return CustomFieldMapping{}, fmt.Errorf("--custom-field %q: %w", s, err)
		}
	}
	if !validSource(c.Source) {
		return CustomFieldMapping{}, fmt.Errorf("--custom-field %q: %q is not a Nexset attribute path", s, c.Source)
	}
	return c, nil
}

// ParseCustomFieldSetFlag reads --custom-field-set 'NAME=value': the value
// is kept as text, and typed by the field's type when a record is prepared.
func ParseCustomFieldSetFlag(s string) (CustomFieldMapping, error) {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return CustomFieldMapping{}, fmt.Errorf("--custom-field-set %q: write NAME=value, e.g. 'Case Type=Family'", s)
	}
	return CustomFieldMapping{Name: name, Value: value, Const: true}, nil
}

// MarshalYAML writes the entry as a one-line flow mapping, name first.
func (c CustomFieldMapping) MarshalYAML() (any, error) {
	v, err := c.mapping().MarshalYAML()
	if err != nil {
		return nil, fmt.Errorf("custom field %s: %w", c.Name, err)
	}
	n := v.(*yaml.Node)
	n.Content[0].Value = "name"
	return n, nil
}

// UnmarshalYAML reads {name, source | value, convert | values}, reporting
// unknown keys with their line.
func (c *CustomFieldMapping) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: a custom_fields entry is {name: …, source: …} or {name: …, value: …}", n.Line)}}
	}
	cp := *n
	cp.Content = append([]*yaml.Node(nil), n.Content...)
	var errs []string
	for i := 0; i+1 < len(cp.Content); i += 2 {
		switch k := cp.Content[i]; k.Value {
		case "name":
			t := *k
			t.Value = "target"
			cp.Content[i] = &t
		case "target":
			errs = append(errs, fmt.Sprintf("line %d: a custom field is named by name, not target", k.Line))
		}
	}
	var m Mapping
	if err := m.UnmarshalYAML(&cp); err != nil {
		if te, ok := err.(*yaml.TypeError); ok {
			for _, e := range te.Errors {
				errs = append(errs, strings.ReplaceAll(e, "type flow.Mapping", "type flow.CustomFieldMapping"))
			}
		} else {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	*c = CustomFieldMapping{Name: m.Target, Source: m.Source, Value: m.Value, Const: m.Const, Convert: m.Convert}
	return nil
}

// CustomFieldParent is the parent type of the custom fields the
// destination's endpoint takes (Contact, Matter), "" when it takes none.
func (d *Destination) CustomFieldParent() string {
	r, _ := resolveEndpoint(d)
	return customFieldParent(r)
}

func customFieldParent(r *resolved) string {
	if r == nil || r.op == nil || r.op.Data == nil || r.op.Data.Prop(customFieldsAttr) == nil {
		return ""
	}
	coll, _, _ := strings.Cut(strings.TrimPrefix(r.op.Path, "/"), "/")
	return clio.CustomFieldParents[strings.TrimSuffix(coll, ".json")]
}

// ListCustomFields lists the firm's custom fields of parent (Contact,
// Matter) through c, sorted by name, for pickers: one request per 200
// fields. Each field's FieldType says what value it takes (CustomValueHelp).
func ListCustomFields(ctx context.Context, c *clio.Client, parent string) ([]clio.CustomField, error) {
	return lookup.NewResolver(lookup.Options{Client: c}).CustomFields(ctx, parent)
}

// CustomValueHelp says what a record's value must be for a field type, for
// pickers ("a date, YYYY-MM-DD; convert other layouts with date:LAYOUT").
func CustomValueHelp(f clio.CustomField) string {
	switch f.FieldType {
	case "picklist":
		names := make([]string, len(f.Options))
		for i, o := range f.Options {
			names[i] = o.Option
		}
		return "one of the options by name: " + strings.Join(names, ", ")
	case "date":
		return clio.CustomValueRule(f.FieldType) + "; convert other layouts with date:LAYOUT (date:MM/DD/YYYY)"
	case "checkbox":
		return "true or false (yes/no, y/n and 1/0 are read too)"
	}
	return clio.CustomValueRule(f.FieldType)
}

// checkCustomFields finds the problems of the custom_fields list (no
// records needed); entries are numbered from 1.
func checkCustomFields(d *Destination, r *resolved) Problems {
	if len(d.CustomFields) == 0 {
		return nil
	}
	var ps Problems
	if customFieldParent(r) == "" {
		where := "this endpoint"
		if r != nil && r.op != nil {
			where = r.method + " " + r.op.Path
		}
		ps = append(ps, Problem{Field: "custom_fields", Message: fmt.Sprintf("%s takes no custom fields: only contacts and matters have them (create_contact, update_contact, create_matter, update_matter)", where)})
	}
	for i, m := range d.Mapping {
		if m.Target == customFieldsAttr || strings.HasPrefix(m.Target, customFieldsAttr+"[") || strings.HasPrefix(m.Target, customFieldsAttr+".") {
			ps = append(ps, Problem{Field: fmt.Sprintf("mapping[%d].target", i+1), Message: "custom_fields fills custom_field_values by name: map the field there, not both"})
		}
	}
	seen := map[string]int{}
	for i, c := range d.CustomFields {
		f := fmt.Sprintf("custom_fields[%d]", i+1)
		bad := func(sub, format string, a ...any) {
			ps = append(ps, Problem{Field: f + sub, Message: fmt.Sprintf(format, a...)})
		}
		key := strings.ToLower(strings.TrimSpace(c.Name))
		if key == "" {
			bad(".name", "missing: the custom field's name as Clio shows it, e.g. Referral Source")
			continue
		}
		if j, dup := seen[key]; dup {
			bad(".name", "custom field %q is already filled by custom_fields[%d]", c.Name, j)
		}
		seen[key] = i + 1
		switch {
		case c.Const && c.Source != "":
			bad("", "give source or value, not both")
		case !c.Const && c.Source == "":
			bad("", "custom field %s needs a source (a Nexset attribute) or a value (a constant)", c.Name)
		case !c.Const && !validSource(c.Source):
			bad(".source", "%q is not an attribute path", c.Source)
		}
		if err := checkConversion(c.Convert); err != nil {
			bad(".convert", "%v", err)
		} else if lookup.Is(c.Convert) {
			bad(".convert", "a custom field's value cannot be looked up; give it as text, a date, a number, true/false or a picklist option's name")
		}
		if !c.Const && Excluded(d.Exclude, c.Source) {
			ps = append(ps, Problem{Field: f + ".source", Warning: true,
				Message: fmt.Sprintf("%s is excluded, but custom field %s reads it: it will not be sent", c.Source, c.Name)})
		}
	}
	return ps
}

// HasCustomFields reports whether the destination fills custom fields by name.
func (d *Destination) HasCustomFields() bool { return len(d.CustomFields) > 0 }
