package ui

import (
	"strings"
	"testing"
)

// The Endpoint step asks what a re-activation does with a record that
// changed since it was delivered: its default is named (update, since Clio
// updates activities), enter goes on past it, ↓ reaches it, and an update
// template (which names its object) does not ask.
func TestEndpointAsksOnChange(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 100, 30)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter") // check and on
	if m.cur != stepEndpoint {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	sc := screen(m)
	if !strings.Contains(sc, "A delivered record that changed in the Nexset") || !strings.Contains(sc, "[default: update]") {
		t.Fatalf("no on_change question:\n%s", sc)
	}
	press(t, m, "down", "down") // Template, then the question
	s := m.steps[stepEndpoint].(*endpointStep)
	if s.fm.focused().id != "on_change" {
		t.Fatalf("focus on %s", s.fm.focused().id)
	}
	press(t, m, "right", "right")
	if m.d.OnChange != "skip" || !strings.Contains(screen(m), "reported as changed") {
		t.Fatalf("on_change = %q:\n%s", m.d.OnChange, screen(m))
	}
	press(t, m, "up")
	for s.fm.get("template").value() != "update_activity" {
		press(t, m, "right")
	}
	if !s.fm.get("on_change").hidden || m.d.OnChange != "" {
		t.Fatalf("an update template asks on_change (%q):\n%s", m.d.OnChange, screen(m))
	}
}

// on_remove delete holds only once y confirms it.
func TestEndpointOnRemoveNeedsConfirmation(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 120, 40)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter") // check and on
	s := m.steps[stepEndpoint].(*endpointStep)
	for s.fm.focused().id != "on_remove" {
		press(t, m, "down")
	}
	press(t, m, "right")
	if m.d.OnRemove != "" || !strings.Contains(screen(m), "y to confirm") {
		t.Fatalf("delete held without confirmation (%q):\n%s", m.d.OnRemove, screen(m))
	}
	press(t, m, "y")
	if m.d.OnRemove != "delete" || !strings.Contains(screen(m), "confirmed") {
		t.Fatalf("y did not confirm (%q):\n%s", m.d.OnRemove, screen(m))
	}
	press(t, m, "left")
	if m.d.OnRemove != "" {
		t.Fatalf("keep left on_remove %q", m.d.OnRemove)
	}
}
