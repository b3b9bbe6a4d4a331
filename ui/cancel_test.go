package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
)

// hold sends one message to the model without running the command it
// returns, so slow work it starts stays in flight.
func hold(m *model, msg tea.Msg) tea.Cmd {
	_, cmd := m.Update(msg)
	return cmd
}

func TestEscCancelsClioLookup(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "matter.id")
	press(t, m, "enter")
	hold(m, keyMsg("ctrl+f")) // the search is not answered yet
	s := m.steps[stepMapping].(*mappingStep)
	if !s.lookBusy || !strings.Contains(screen(m), "esc cancels") {
		t.Fatalf("no search in flight:\n%s", screen(m))
	}
	gen := s.lookGen
	press(t, m, "esc")
	if s.lookBusy || !s.looking {
		t.Fatalf("busy=%v looking=%v after esc", s.lookBusy, s.looking)
	}
	if sc := screen(m); !strings.Contains(sc, "look-up cancelled") || strings.Contains(sc, "searching Clio") {
		t.Fatalf("screen after esc:\n%s", sc)
	}
	// the cancelled search's late answer changes nothing
	drive(t, m, func() tea.Msg { return searchMsg{gen: gen, items: []clio.Item{{ID: 9, Label: "late"}}} })
	if len(s.results) != 0 || strings.Contains(screen(m), "late") {
		t.Fatalf("a cancelled search's answer was shown:\n%s", screen(m))
	}
	press(t, m, "esc") // a second esc closes the look-up, not the editor
	if s.looking || s.editing == nil {
		t.Fatalf("looking=%v editing=%v after second esc", s.looking, s.editing != nil)
	}
}

func TestEscCancelsCredentialCheck(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter")
	if m.cur != stepCredential {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	hold(m, keyMsg("enter"))
	s := m.steps[stepCredential].(*credStep)
	if !s.checking {
		t.Fatalf("no check in flight:\n%s", screen(m))
	}
	press(t, m, "esc")
	// the cancelled call answers with context.Canceled
	drive(t, m, func() tea.Msg { return credCheckedMsg{err: fmt.Errorf("who_am_i: %w", context.Canceled)} })
	if s.checking || m.cur != stepCredential {
		t.Fatalf("checking=%v step=%s", s.checking, stepTitles[m.cur])
	}
	if sc := screen(m); !strings.Contains(sc, "cancelled") {
		t.Fatalf("no word of the cancel:\n%s", sc)
	}
}
