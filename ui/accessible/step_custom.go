package accessible

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// customFieldsQuestions offers, on contacts and matters, the firm's custom
// fields of that parent type (listed from Clio) to fill by name, each from a
// Nexset attribute or =value for a constant (issue 12.3).
func (j *journey) customFieldsQuestions(ctx context.Context) error {
	parent := j.d.CustomFieldParent()
	if parent == "" || j.conn.Client == nil {
		return nil
	}
	fields, err := flow.ListCustomFields(ctx, j.conn.Client, parent)
	if err != nil {
		j.p.say("The firm's custom fields could not be listed (%v); custom_fields can be added to the file later.", err)
		return nil
	}
	if len(fields) == 0 {
		return nil
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = fmt.Sprintf("%s (%s)", f.Name, f.FieldType)
	}
	j.p.say("The firm's custom fields of %ss: %s.", parent, strings.Join(names, ", "))
	for {
		name, err := j.p.ask("Custom field to fill (its name; empty to finish)", "")
		if err != nil || name == "" {
			return err
		}
		i := slices.IndexFunc(fields, func(f clio.CustomField) bool { return strings.EqualFold(f.Name, name) })
		if i < 0 {
			j.p.say("  Not accepted: %q is not one of the firm's custom fields of %ss", name, parent)
			continue
		}
		if err := j.customField(fields[i]); err != nil {
			return err
		}
	}
}

// customField asks what fills one custom field; - takes it out.
func (j *journey) customField(f clio.CustomField) error {
	def := ""
	at := slices.IndexFunc(j.d.CustomFields, func(c flow.CustomFieldMapping) bool { return strings.EqualFold(c.Name, f.Name) })
	if at >= 0 {
		c := j.d.CustomFields[at]
		def = c.Source
		if c.Const {
			def = fmt.Sprintf("=%v", c.Value)
		}
	}
	_, err := j.p.askValid(fmt.Sprintf("%s: a Nexset attribute, =value for a constant, - for none (%s)", f.Name, flow.CustomValueHelp(f)), def, func(a string) error {
		var entry *flow.CustomFieldMapping
		switch {
		case a == "-" || a == "":
		case strings.HasPrefix(a, "="):
			entry = &flow.CustomFieldMapping{Name: f.Name, Value: strings.TrimPrefix(a, "="), Const: true}
		case j.hasAttr(a):
			entry = &flow.CustomFieldMapping{Name: f.Name, Source: a}
		default:
			return fmt.Errorf("%q is not an attribute of the Nexset", a)
		}
		j.d.CustomFields = slices.DeleteFunc(j.d.CustomFields, func(c flow.CustomFieldMapping) bool { return strings.EqualFold(c.Name, f.Name) })
		if entry != nil {
			j.d.CustomFields = append(j.d.CustomFields, *entry)
		}
		return j.checkFields("custom_fields")
	})
	return err
}
