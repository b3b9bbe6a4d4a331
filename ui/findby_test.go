package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/samples"
)

// On a create endpoint whose collection Clio can update, the Endpoint step
// asks how to find an object already in Clio (the lookups of that
// collection), from which attribute (guessed by name), and what to do with
// one found; enter still goes on past these questions.
func TestEndpointAsksFindOrCreate(t *testing.T) {
	f := newFixture(t)
	if err := samples.WriteTo(f.dir); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 120, 40)
	press(t, m, "ctrl+u")
	pastePath(t, m, filepath.Join(f.dir, "intake.csv"))
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter") // check and on
	s := m.steps[stepEndpoint].(*endpointStep)
	press(t, m, "down") // the template
	for s.fm.get("template").value() != "create_contact" {
		press(t, m, "right")
	}
	if sc := screen(m); !strings.Contains(sc, "Find in Clio by  [no, always create]  contacts by email") {
		t.Fatalf("no find-by question:\n%s", sc)
	}
	for s.fm.focused().id != "find_by" {
		press(t, m, "down")
	}
	press(t, m, "right")
	if m.d.FindBy == nil || m.d.FindBy.Lookup != "lookup:contacts.email" || m.d.FindBy.Source != "email" {
		t.Fatalf("find_by = %+v:\n%s", m.d.FindBy, screen(m))
	}
	press(t, m, "down", "down", "right") // past the attribute, to If it is already in Clio: skip
	if m.d.OnExists != "skip" || !strings.Contains(screen(m), "[skip the record]") {
		t.Fatalf("on_exists = %q:\n%s", m.d.OnExists, screen(m))
	}
	if !strings.Contains(ansiPane(m), "no contact with email hannah.okafor@mail.example") {
		t.Fatalf("pane:\n%s", ansiPane(m))
	}
	press(t, m, "up", "up", "left") // back to no: always create
	if m.d.FindBy != nil || m.d.OnExists != "" || !s.fm.get("on_exists").hidden {
		t.Fatalf("find_by %+v, on_exists %q after choosing none", m.d.FindBy, m.d.OnExists)
	}
}

func ansiPane(m *model) string { return ansi.Strip(m.pane.content) }
