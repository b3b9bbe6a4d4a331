package ui

import (
	"strings"
	"testing"
)

func TestPaneScrollShowsPosition(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 30)
	walkToMapping(t, m, f)
	if s := screen(m); !strings.Contains(s, "Sample requests 1-") {
		t.Fatalf("no position in the pane's title:\n%s", s)
	}
	press(t, m, "pgdown")
	if s := screen(m); strings.Contains(s, "Sample requests 1-") || !strings.Contains(s, " of ") {
		t.Fatalf("pgdn did not move the position:\n%s", s)
	}
}
