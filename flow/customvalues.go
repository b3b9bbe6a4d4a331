package flow

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// This file builds a record's custom_field_values from the destination's
// custom_fields (customfields.go): each value converted, its field found by
// name, and written as the text Clio takes for the field's type.

// customFieldValues builds custom_field_values for one record, in the
// order of the custom_fields list. A blank or absent value leaves its field
// out; a field not looked up (no resolver) is left out with a warning, and
// the send paths refuse the record (lookupsReady). named is each value
// sent, or to be sent once its field is looked up, by the field's name as
// the record gives it (Item.Custom): what the body's fingerprint holds of
// them.
func (p *Planner) customFieldValues(fields map[string]any) (out []any, named [][2]any, warnings []string, err error) {
	out = make([]any, 0, len(p.d.CustomFields))
	named = make([][2]any, 0, len(p.d.CustomFields))
	for _, c := range p.d.CustomFields {
		m := c.mapping()
		var v any
		if c.Const {
			v = c.Value
		} else {
			var ok bool
			if v, ok = nexset.Get(fields, c.Source); !ok {
				continue
			}
		}
		raw := v
		if c.Convert != "" {
			var err error
			if v, err = convertNum(c.Convert, v, nil, p.loc, p.num); err == errBlank {
				continue
			} else if err != nil {
				return nil, nil, nil, &AttrError{Attr: c.attr(), Reason: fmt.Sprintf("%v (converting with %s for custom field %s)", err, c.Convert, c.Name)}
			}
		}
		if blankValue(v) {
			continue
		}
		named = append(named, [2]any{c.Name, v})
		if p.field == nil {
			warnings = append(warnings, fmt.Sprintf("custom field %s: %s (%v)", c.Name, LookedUpWhenSent, quoteIfString(raw)))
			continue
		}
		f, err := p.field(c.Name)
		if err == errDeferred {
			warnings = append(warnings, fmt.Sprintf("custom field %s: %s (%v)", c.Name, LookedUpWhenSent, quoteIfString(raw)))
			continue
		}
		if err != nil {
			return nil, nil, nil, &AttrError{Attr: "custom field " + c.Name, Reason: err.Error(), Err: err}
		}
		text, err := customText(f, v, p.num.decimal)
		if err != nil {
			return nil, nil, nil, &AttrError{Attr: c.attr(), Reason: fmt.Sprintf("custom field %q (%s): %v", f.Name, f.FieldType, err)}
		}
		if why := p.ambiguousNumber(m, raw); why != "" && !c.Const {
			warnings = append(warnings, fmt.Sprintf("%s: %s", c.Source, why))
		}
		out = append(out, map[string]any{"custom_field": p.fieldLink(f.ID), "value": text})
	}
	return out, named, warnings, nil
}

// blankValue is a value the mapping's rule leaves out: null or blank text.
func blankValue(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}

// customText writes a record's value as the text custom_field_values
// carries for f's type (numbers in text read under the decimal mark
// dec), and checks it there (clio.CustomField.CheckValue):
// a picklist option is given by name and sent as its ID.
func customText(f clio.CustomField, v any, dec string) (string, error) {
	var text string
	switch f.FieldType {
	case "checkbox":
		b, err := toBool(v)
		if err != nil {
			return "", err
		}
		text = strconv.FormatBool(b)
	case "numeric", "currency":
		n, err := toNumberIn(v, dec)
		if err != nil {
			return "", err
		}
		text = strconv.FormatFloat(n, 'f', -1, 64)
	case "picklist":
		s, err := scalarText(v)
		if err != nil {
			return "", err
		}
		want := strings.TrimSpace(s)
		for _, o := range f.Options {
			if strings.EqualFold(strings.TrimSpace(o.Option), want) {
				return strconv.FormatInt(o.ID, 10), nil
			}
		}
		names := make([]string, len(f.Options))
		for i, o := range f.Options {
			names[i] = o.Option
		}
		return "", fmt.Errorf("%q is not one of its options: %s", s, strings.Join(names, ", "))
	case "date":
		s, err := scalarText(v)
		if err != nil {
			return "", err
		}
		text = strings.TrimSpace(s)
		if f.CheckValue(text) != nil {
			return "", fmt.Errorf("%q is not a date, YYYY-MM-DD: convert other layouts with date:LAYOUT (e.g. date:MM/DD/YYYY)", s)
		}
	default:
		s, err := scalarText(v)
		if err != nil {
			return "", err
		}
		text = s
		if f.FieldType != "text_area" && f.FieldType != "text_line" {
			text = strings.TrimSpace(s)
		}
	}
	if err := f.CheckValue(text); err != nil {
		return "", err
	}
	return text, nil
}

// fieldLink is the {"id": N} naming a custom field, made once per field and
// shared by every body (nothing writes into a body once it is built). The
// ID is a json.Number, which the catalogue's check reads as it is (an int64
// would make it copy the body to convert it).
func (p *Planner) fieldLink(id int64) map[string]any {
	if m, ok := p.links.Load(id); ok {
		return m.(map[string]any)
	}
	m := map[string]any{"id": json.Number(strconv.FormatInt(id, 10))}
	p.links.Store(id, m)
	return m
}

// attr names what a failure is about: the record attribute read, or the
// field itself for a constant.
func (c CustomFieldMapping) attr() string {
	if c.Const {
		return "custom field " + c.Name
	}
	return c.Source
}
