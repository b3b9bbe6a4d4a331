package ui

import (
	"strings"
	"testing"
)

// c lists the firm's custom fields of the endpoint's parent type from Clio
// (the sandbox's Referral Source on contacts); one is filled from a Nexset
// attribute and saved by name.
func TestMappingPicksCustomField(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	toContactMapping(t, m, f)
	if sc := screen(m); !strings.Contains(sc, "Custom fields: none (c picks from the firm's)") {
		t.Fatalf("no custom fields line:\n%s", sc)
	}
	press(t, m, "c")
	s := m.steps[stepMapping].(*mappingStep)
	sc := screen(m)
	if !strings.Contains(sc, "The firm's custom fields of Contacts") || !strings.Contains(sc, "Referral Source") {
		t.Fatalf("the firm's fields are not listed:\n%s", sc)
	}
	for s.custom.fields[s.custom.sel].Name != "Referral Source" {
		press(t, m, "down")
	}
	press(t, m, "enter")
	typeText(t, m, "referral_source")
	press(t, m, "enter")
	if len(m.d.CustomFields) != 1 || m.d.CustomFields[0].Name != "Referral Source" || m.d.CustomFields[0].Source != "referral_source" {
		t.Fatalf("custom fields = %+v:\n%s", m.d.CustomFields, screen(m))
	}
	press(t, m, "esc")
	if sc := screen(m); !strings.Contains(sc, "Custom fields: Referral Source ← referral_source") {
		t.Fatalf("the list does not say it:\n%s", sc)
	}
}
