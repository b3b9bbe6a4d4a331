package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/samples"
)

// toContactMapping walks the intake sample to Create Contact's Mapping step.
func toContactMapping(t *testing.T, m *model, f *fixture) {
	t.Helper()
	if err := samples.WriteTo(f.dir); err != nil {
		t.Fatal(err)
	}
	press(t, m, "ctrl+u")
	pastePath(t, m, filepath.Join(f.dir, "intake.csv"))
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "down") // check; the template
	s := m.steps[stepEndpoint].(*endpointStep)
	for s.fm.get("template").value() != "create_contact" {
		press(t, m, "right")
	}
	press(t, m, "enter")
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
}

// A contact's lists are mapped item by item: email_addresses[0].address is
// listed, its name offers Clio's values, and + adds a second item.
func TestMappingListsArrayItems(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	toContactMapping(t, m, f)
	s := m.steps[stepMapping].(*mappingStep)
	paths := func() []string {
		var out []string
		for _, l := range s.targets {
			out = append(out, l.Path)
		}
		return out
	}
	for _, want := range []string{"email_addresses[0].address", "email_addresses[0].name", "phone_numbers[0].number"} {
		if !slices.Contains(paths(), want) {
			t.Fatalf("no target %s among %v", want, paths())
		}
	}
	gotoTarget(t, m, "email_addresses[0].name")
	if sc := screen(m); !strings.Contains(sc, "+ add an item") {
		t.Fatalf("no + key on an item:\n%s", sc)
	}
	press(t, m, "enter")
	if sc := screen(m); !strings.Contains(sc, "= Work") {
		t.Fatalf("the item's name does not offer Clio's values:\n%s", sc)
	}
	press(t, m, "right") // = Work … the first of Clio's values
	press(t, m, "enter")
	if mp, i := s.mappingOf(&m.stepEnv, "email_addresses[0].name"); i < 0 || !mp.Const {
		t.Fatalf("email_addresses[0].name not mapped to a constant: %+v", mp)
	}
	gotoTarget(t, m, "email_addresses[0].address")
	press(t, m, "+")
	if s.targets[s.sel].Path != "email_addresses[1].address" && !strings.HasPrefix(s.targets[s.sel].Path, "email_addresses[1].") {
		t.Fatalf("+ selected %s, want the second item", s.targets[s.sel].Path)
	}
	if !slices.Contains(paths(), "email_addresses[1].name") {
		t.Fatalf("no second item: %v", paths())
	}
}
