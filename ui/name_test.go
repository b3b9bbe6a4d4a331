package ui

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

func TestDestinationNameFieldKeptByEdit(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	s := m.steps[stepNexset].(*nexsetStep)
	if got := s.fm.get("name").value(); got != "entries" || m.d.Name != "entries" {
		t.Fatalf("default name = %q (destination %q), want the Nexset's file name", got, m.d.Name)
	}
	if got := screen(m); !strings.Contains(got, "Destination name") {
		t.Fatalf("no name field:\n%s", got)
	}
	press(t, m, "down", "down", "down", "ctrl+u")
	typeText(t, m, "Firm time")
	if m.d.Name != "Firm time" {
		t.Fatalf("name = %q after typing", m.d.Name)
	}
	// Back on the path, a typed name is no longer replaced by the file's.
	press(t, m, "up", "up", "up")
	typeText(t, m, "x")
	if got := s.fm.get("name").value(); got != "Firm time" {
		t.Fatalf("editing the path replaced the typed name with %q", got)
	}
	pressMore(t, m, "backspace")
	press(t, m, "enter", "enter", "enter", "enter") // on to Credential, check and on to Endpoint, template, Mapping
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	wantTypeSuggested(t, m)
	press(t, m, "tab", "enter", "enter", "enter", "enter") // to Test, to Save, save
	if m.savedPath == "" {
		t.Fatalf("not saved:\n%s", screen(m))
	}
	d, err := flow.Load(m.savedPath)
	if err != nil || d.Name != "Firm time" {
		t.Fatalf("saved name %q, %v", d.Name, err)
	}

	// edit shows the saved name, and saving again keeps it.
	o := f.options()
	o.EditPath = m.savedPath
	e := newTestModel(t, o, 140, 45)
	if got := e.steps[stepNexset].(*nexsetStep).fm.get("name").value(); got != "Firm time" {
		t.Fatalf("edit shows name %q", got)
	}
	press(t, e, "enter")
	if e.d.Name != "Firm time" {
		t.Fatalf("loading the Nexset in edit renamed it %q", e.d.Name)
	}
}
