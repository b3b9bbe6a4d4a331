package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
)

// newMappingModel opens the wizard on the Mapping step of a Create
// Activity destination mapped by hand: no sandbox, no Nexset read.
func newMappingModel(t *testing.T, mapped ...flow.Mapping) *model {
	t.Helper()
	dir := t.TempDir()
	m := newTestModel(t, Options{StartDir: dir, SavePath: filepath.Join(dir, "d.yaml")}, 140, 45)
	m.d.Endpoint = flow.Endpoint{Template: flow.CreateActivity}
	m.d.Nexset = flow.NexsetRef{Path: "entries.jsonl"}
	m.d.Mapping = mapped
	m.steps[stepMapping].(*mappingStep).suggested = true
	drive(t, m, m.goTo(stepMapping))
	return m
}

// TestMappingKeysAreWhatTheFooterSays: every key of the list's bindings
// does what the footer names it for, and every key the list handles is
// in a binding (backspace unmaps as ctrl+d and delete do, and says so).
func TestMappingKeysAreWhatTheFooterSays(t *testing.T) {
	km := mappingKeyMap
	for _, k := range km.unmap.Keys() {
		m := newMappingModel(t, mustSet(t, "type=TimeEntry"))
		s := m.steps[stepMapping].(*mappingStep)
		s.sel = 0
		for i, l := range s.targets {
			if l.Path == "type" {
				s.sel = i
			}
		}
		press(t, m, k)
		if _, i := s.mappingOf(&m.stepEnv, "type"); i >= 0 {
			t.Errorf("%s did not unmap type", k)
		}
	}
	m := newMappingModel(t)
	if f := ansi.Strip(m.footer()); !strings.Contains(f, "del unmap") || !strings.Contains(f, "↑/↓ attribute") || strings.Contains(f, "ctrl+d") {
		t.Errorf("footer: %s", f)
	}
	s := m.steps[stepMapping].(*mappingStep)
	for _, k := range km.down.Keys() {
		before := s.sel
		press(t, m, k)
		if s.sel != before+1 {
			t.Errorf("%s moved from %d to %d", k, before, s.sel)
		}
	}
	for _, k := range km.up.Keys() {
		before := s.sel
		press(t, m, k)
		if s.sel != before-1 {
			t.Errorf("%s moved from %d to %d", k, before, s.sel)
		}
	}
	on := m.d.PassthroughOn()
	press(t, m, "p")
	if m.d.PassthroughOn() == on {
		t.Error("p did not switch passthrough")
	}
	// Every list key is in the step's bindings, shown or named on screen.
	var bound []string
	for _, b := range s.keys(&m.stepEnv) {
		bound = append(bound, b.Keys()...)
	}
	for _, k := range []string{"up", "k", "down", "j", "enter", "ctrl+d", "delete", "backspace", "p", "tab", "ctrl+n"} {
		if !strings.Contains(" "+strings.Join(bound, " ")+" ", " "+k+" ") {
			t.Errorf("%s is handled but in no binding", k)
		}
	}
	press(t, m, "tab")
	if m.cur == stepMapping {
		t.Error("tab stayed on the Mapping step")
	}
}
