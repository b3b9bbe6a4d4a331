package ui

import (
	"strings"
	"testing"
)

func TestPaneScrollShowsPosition(t *testing.T) {
	f := newOfflineFixture(t)
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

// Below 100 columns the pane hides; its keys are offered only once ctrl+p
// shows it.
func TestNarrowFooterOffersPaneKeysOnlyWhenShown(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	if s := screen(m); !strings.Contains(s, "ctrl+p samples") || strings.Contains(s, "ctrl+o") || strings.Contains(s, "pgup/pgdn") {
		t.Fatalf("footer with the pane hidden:\n%s", s)
	}
	press(t, m, "ctrl+p")
	if s := screen(m); !strings.Contains(s, "ctrl+p back to Mapping") || !strings.Contains(s, "ctrl+o collapse samples") || !strings.Contains(s, "Sample requests") {
		t.Fatalf("footer with the pane shown:\n%s", s)
	}
}
