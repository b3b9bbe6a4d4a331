package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// paneText is the side pane's text without styles.
func paneText(m *model) string { return ansi.Strip(m.pane.content) }

// pressMore is press with the keys helpers_test.go does not name.
func pressMore(t *testing.T, m *model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "ctrl+e":
			msg = tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
		default:
			press(t, m, k)
			continue
		}
		drive(t, m, func() tea.Msg { return msg })
	}
}

// TestMappingPaneFollowsEveryKeystroke types a source attribute's name and
// a constant character by character inside the attribute's editor: the side
// pane changes with each key, before the editor is saved, and esc undoes it.
func TestMappingPaneFollowsEveryKeystroke(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "note")
	press(t, m, "enter")
	s := m.steps[stepMapping].(*mappingStep)
	if s.editing == nil || s.editing.Path != "note" {
		t.Fatalf("the note editor is not open:\n%s", screen(m))
	}
	before := m.pane.content
	steps := []struct {
		key  string // a key name or one typed character
		pane string // what the pane shows for record 1 after it
		help string // what the editor says under the source
	}{
		{"w", `"note": "2024-03-04"`, "typed: w"},
		{"o", `"note": "2024-03-04"`, "typed: wo"},
		{"x", `"note": "2024-03-04"`, `no attribute matches "wox"`},
		{"backspace", `"note": "2024-03-04"`, "typed: wo"},
		{"backspace", `"note": "2024-03-04"`, "typed: w"},
		{"backspace", `"note": "2024-03-04"`, "type its name"},
		{"h", `"note": 1.5`, "typed: h"},
		{"backspace", `"note": 1.5`, ""},
		{"n", `"note": "Research"`, "typed: n"},
		{"left", `"note": 3001`, "type its name"}, // ←/→ still step through the list
	}
	for i, st := range steps {
		pressMore(t, m, st.key)
		if !strings.Contains(paneText(m), st.pane) {
			t.Fatalf("key %d (%s): pane lacks %s:\n%s", i, st.key, st.pane, paneText(m))
		}
		if got := screen(m); !strings.Contains(got, st.help) {
			t.Fatalf("key %d (%s): screen lacks %q:\n%s", i, st.key, st.help, got)
		}
		if s.editing == nil {
			t.Fatalf("key %d (%s) closed the editor", i, st.key)
		}
	}
	// esc puts back the mapping the editor opened with.
	press(t, m, "esc")
	if m.pane.content != before {
		t.Fatalf("esc left the pane changed:\n%s\nwant:\n%s", m.pane.content, before)
	}

	// A constant, typed character by character, reaches the pane as typed.
	press(t, m, "enter")
	for n := 0; s.fm.get("source").value() != "const"; n++ {
		if n > len(s.fm.get("source").options) {
			t.Fatal("no constant among the sources")
		}
		press(t, m, "left")
	}
	press(t, m, "down")
	for i, want := range []string{`"note": "H"`, `"note": "Hi"`, `"note": "Hi!"`} {
		typeText(t, m, string("Hi!"[i]))
		if !strings.Contains(paneText(m), want) {
			t.Fatalf("after %d characters the pane lacks %s:\n%s", i+1, want, paneText(m))
		}
	}
	press(t, m, "enter")
	if mp, i := s.mappingOf(&m.stepEnv, "note"); i < 0 || !mp.Const || mp.Value != "Hi!" || s.editing != nil {
		t.Fatalf("saved note mapping = %+v (editor open: %v)", mp, s.editing != nil)
	}
}
