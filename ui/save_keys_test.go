package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestSaveOfferKeys: after saving, the keys the footer names are the keys
// the step takes (tab chooses as ←/→ do, Y sends as y does), and a scroll
// key is named only when failures run off the screen. No sandbox: the
// step's state is set as a save and its check leave it.
func TestSaveOfferKeys(t *testing.T) {
	dir := t.TempDir()
	m := newTestModel(t, Options{StartDir: dir, SavePath: filepath.Join(dir, "d.yaml")}, 140, 45)
	m.cur = stepSave
	s := m.steps[stepSave].(*saveStep)
	s.saved = filepath.Join(dir, "d.yaml")
	f := ansi.Strip(m.footer())
	if !strings.Contains(f, "y send now") || !strings.Contains(f, "←/→ choose") || strings.Contains(f, "scroll failures") {
		t.Fatalf("footer: %s", f)
	}
	for _, k := range saveKeyMap.choose.Keys() {
		before := s.choice
		press(t, m, k)
		if s.choice == before {
			t.Errorf("%s did not change the choice", k)
		}
	}
	s.nFails, s.fails = 100, make([]string, 100)
	if f := ansi.Strip(m.footer()); !strings.Contains(f, "↑/↓ scroll failures") {
		t.Errorf("100 failures and no scroll key: %s", f)
	}
	press(t, m, "down")
	if s.scroll != 1 {
		t.Errorf("down scrolled to %d", s.scroll)
	}
	s.nFails, s.fails = 0, nil
	press(t, m, "Y") // sends now: without a checked credential it says so
	if !strings.Contains(s.runErr, "no checked credential") {
		t.Fatalf("Y did not send: %q", s.runErr)
	}
}
