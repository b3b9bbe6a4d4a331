package ui

import (
	"strings"
	"testing"
)

// TestNarrowScreenWrapsLongLines: below 100 columns a long problem (Update
// Task without an ID) wraps instead of running past the terminal's edge,
// where its end - what to type - was cut off.
func TestNarrowScreenWrapsLongLines(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "down", "right", "right", "right")
	if m.d.Endpoint.Template != "update_task" {
		t.Fatalf("template = %q:\n%s", m.d.Endpoint.Template, screen(m))
	}
	checkFits(t, m, 80, 24)
	if got := strings.Join(strings.Fields(screen(m)), " "); !strings.Contains(got, "a number (12345) or a record attribute ({record.task_id})") {
		t.Fatalf("the ID problem is not shown whole:\n%s", screen(m))
	}
}
