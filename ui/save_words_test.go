package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// stepText is the current step's body without styles, drawn wide enough
// that no line wraps (temporary paths are long).
func stepText(m *model) string { return ansi.Strip(m.steps[m.cur].view(&m.stepEnv, 1000)) }

// TestSaveLaterHintOnlyForLater: after saving, Later is the default and the
// activate-later command shows only while it is chosen; choosing it closes
// the wizard and the final message names the command once.
func TestSaveLaterHintOnlyForLater(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter", "enter", "enter") // to Test, Save, save
	if m.savedPath == "" {
		t.Fatalf("not saved:\n%s", screen(m))
	}
	later := "activate it later with: cliodest activate " + m.savedPath
	steps := []struct {
		key        string
		later, now bool // the later command / the activate-now note shows
	}{
		{"", true, false}, // Later is the default
		{"right", false, true},
		{"left", true, false},
		{"right", false, true},
		{"left", true, false},
	}
	for i, st := range steps {
		if st.key != "" {
			press(t, m, st.key)
		}
		got := stepText(m)
		if strings.Contains(got, later) != st.later || strings.Contains(got, "enter sends 3 records to Clio now") != st.now {
			t.Fatalf("step %d (%s): later shown %v, want %v; now note %v, want %v:\n%s", i, st.key,
				strings.Contains(got, later), st.later, strings.Contains(got, "enter sends 3 records to Clio now"), st.now, got)
		}
	}
	press(t, m, "enter")
	if !m.quitting {
		t.Fatal("enter on Later did not close the wizard")
	}
	var out strings.Builder
	if err := m.finish(&out); err != nil {
		t.Fatal(err)
	}
	if want := "Saved " + m.savedPath + " (paused)\nActivate it with: cliodest activate " + m.savedPath + "\n"; out.String() != want {
		t.Fatalf("final message %q, want %q", out.String(), want)
	}
	if n := f.srv.Created("activities"); n != 0 {
		t.Fatalf("Later sent %d activities", n)
	}
}
