package flow

import (
	"strings"

	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// FindByLookups lists the find_by lookups that fit the destination's
// endpoint (lookup:contacts.email for Create Contact), for pickers; nil when
// the endpoint cannot find-or-create (no create, or Clio cannot update the
// collection, or batching is on).
func (d *Destination) FindByLookups() []string {
	p, err := d.Plan()
	if err != nil || p.Collection() == "" || !p.CanUpdate() || d.Batching.Enabled {
		return nil
	}
	var out []string
	for _, name := range lookup.Supported() {
		s, err := lookup.Parse(lookup.Prefix + name)
		if err == nil && s.Path() == p.Collection() {
			out = append(out, s.String())
		}
	}
	return out
}

// FindBySource proposes the Nexset attribute a find-by lookup reads: the
// one named like its field (email, client_email for contacts.email), ""
// when none or several are.
func FindBySource(conv string, schema nexset.Schema) string {
	s, err := lookup.Parse(conv)
	if err != nil {
		return ""
	}
	field := Normalise(s.Field)
	found := ""
	for _, a := range schema.Attrs {
		n := Normalise(a.Path)
		if n == field || strings.HasSuffix(n, "_"+field) {
			if found != "" {
				return ""
			}
			found = a.Path
		}
	}
	return found
}

// FindValue is the value rec is found by (find_by), for a screen that looks
// it up ahead of the samples; ok is false without find_by or a value.
func (d *Destination) FindValue(rec nexset.Record) (s lookup.Spec, v any, ok bool) {
	if d.FindBy == nil {
		return lookup.Spec{}, nil, false
	}
	s, err := d.FindBy.spec()
	if err != nil {
		return lookup.Spec{}, nil, false
	}
	v, ok = nexset.Get(rec.Fields, d.FindBy.Source)
	if _, err := lookup.Text(v); !ok || err != nil {
		return lookup.Spec{}, nil, false
	}
	t, _ := lookup.Text(v)
	return s, t, true
}

// FindByWords says a find-by lookup as a person reads it: "contacts by email".
func FindByWords(conv string) string {
	col, field, _ := strings.Cut(strings.TrimPrefix(conv, lookup.Prefix), ".")
	return strings.ReplaceAll(col, "_", " ") + " by " + strings.ReplaceAll(field, "_", " ")
}
