package ui

import (
	"strings"
	"testing"
)

// TestInlineEditorMovesAndPointsAtTheProblem: the body editor opens at the
// top, moves as an editor does (the paging keys are its own, not the
// pane's), says the edit is for this test only, and reopens at the line
// and column of the JSON error its edit made; sending that body asks first.
func TestInlineEditorMovesAndPointsAtTheProblem(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter")
	if m.cur != stepTest {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	s := m.steps[stepTest].(*testStep)
	press(t, m, "e")
	if s.body.Line() != 0 || s.body.Column() != 0 {
		t.Fatalf("opened at %d:%d, want the top", s.body.Line(), s.body.Column())
	}
	sc := flat(screen(m))
	for _, want := range []string{"This edit is sent by this test only; if it creates an object, activation updates that object to match the record.",
		"↑/↓/←/→ move", "pgup/pgdn page", "home/end line start/end", "esc done editing"} {
		if !strings.Contains(sc, want) {
			t.Fatalf("no %q:\n%s", want, screen(m))
		}
	}
	checkFits(t, m, 80, 24)
	press(t, m, "down", "down")
	if s.body.Line() != 2 {
		t.Fatalf("down twice: line %d", s.body.Line())
	}
	off := m.pane.vp.YOffset()
	press(t, m, "pgdown")
	if s.body.Line() <= 2 || m.pane.vp.YOffset() != off {
		t.Fatalf("pgdown: line %d, pane offset %d (was %d)", s.body.Line(), m.pane.vp.YOffset(), off)
	}
	press(t, m, "home")
	if s.body.Column() != 0 {
		t.Fatalf("home: column %d", s.body.Column())
	}
	// Break the JSON on line 3 (1-based): a stray character before the key.
	press(t, m, "up")
	press(t, m, "pgup")
	press(t, m, "down", "down")
	typeText(t, m, "x")
	press(t, m, "esc")
	if sc := flat(screen(m)); !strings.Contains(sc, "not valid JSON: line 3, column 1") {
		t.Fatalf("no JSON error:\n%s", screen(m))
	}
	press(t, m, "e")
	if s.body.Line() != 2 || s.body.Column() != 0 {
		t.Fatalf("reopened at %d:%d, want 2:0", s.body.Line(), s.body.Column())
	}
	press(t, m, "esc", "s")
	if sc := flat(screen(m)); !strings.Contains(sc, "The edited body is not valid JSON. Send it anyway? (y/N)") {
		t.Fatalf("s did not ask:\n%s", screen(m))
	}
	press(t, m, "n")
	if s.sending || s.result != nil || f.srv.Created("activities") != 0 {
		t.Fatal("n sent the body")
	}
}
