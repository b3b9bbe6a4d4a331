package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestDetectProfile(t *testing.T) {
	tests := []struct {
		env    map[string]string
		want   colorprofile.Profile
		forced bool
	}{
		{map[string]string{"NO_COLOR": "1"}, colorprofile.ASCII, true},
		{map[string]string{"NO_COLOR": "yes please"}, colorprofile.ASCII, true},
		{map[string]string{"TERM": "dumb"}, colorprofile.ASCII, true},
		{map[string]string{"TERM": "xterm-256color"}, 0, false},
	}
	for _, tt := range tests {
		p, ok := DetectProfile(func(k string) string { return tt.env[k] })
		if ok != tt.forced || ok && p != tt.want {
			t.Errorf("%v: got %v %v", tt.env, p, ok)
		}
	}
}

// walkToMapping loads the fixture's Nexset, checks the token and picks
// Create Activity, whose type the wizard proposes, so every sample is
// accepted.
func walkToMapping(t *testing.T, m *model, f *fixture) {
	t.Helper()
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter") // check and on, template, Mapping
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	wantTypeSuggested(t, m)
}

// wantTypeSuggested: hours are mapped to quantity, so the wizard proposes
// the constant type TimeEntry (flow.SuggestType).
func wantTypeSuggested(t *testing.T, m *model) {
	t.Helper()
	mp, i := m.steps[stepMapping].(*mappingStep).mappingOf(&m.stepEnv, "type")
	if i < 0 || !mp.Const || mp.Value != "TimeEntry" {
		t.Fatalf("type = %+v, want the suggested constant TimeEntry:\n%s", mp, screen(m))
	}
}

// unmapType takes the suggested type away, for tests of a missing type.
func unmapType(t *testing.T, m *model) {
	t.Helper()
	gotoTarget(t, m, "type")
	press(t, m, "delete")
	if _, i := m.steps[stepMapping].(*mappingStep).mappingOf(&m.stepEnv, "type"); i >= 0 {
		t.Fatalf("delete left type mapped:\n%s", screen(m))
	}
}

func TestMatterLookupSetsConstantID(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "matter.id")
	press(t, m, "enter", "ctrl+f")
	s := m.steps[stepMapping].(*mappingStep)
	if !s.looking || len(s.results) == 0 {
		t.Fatalf("no look-up results:\n%s", screen(m))
	}
	want := s.results[0].ID
	press(t, m, "enter") // take the first result
	if s.looking || s.fm.get("value").value() == "" {
		t.Fatalf("look-up did not fill the value:\n%s", screen(m))
	}
	press(t, m, "enter") // save the mapping
	mp, i := s.mappingOf(&m.stepEnv, "matter.id")
	if i < 0 || !mp.Const || mp.Value != want {
		t.Fatalf("matter.id mapping = %+v (want constant %d)", mp, want)
	}
}

func TestActivateNowDeliversInsideTheWizard(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter") // exclude, webhook
	if m.cur != stepTest {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	// Edit the body inline before sending: the edit is what is sent.
	press(t, m, "e")
	s := m.steps[stepTest].(*testStep)
	s.body.SetValue(strings.Replace(s.body.Value(), "Research", "Edited", 1))
	press(t, m, "esc", "s")
	if got := screen(m); !strings.Contains(got, "Status: 201 accepted") || !strings.Contains(got, "Edited") {
		t.Fatalf("test send:\n%s", got)
	}
	press(t, m, "enter", "enter") // to Save, save
	if got := stepText(m); !strings.Contains(got, "Send 3 records to Clio now?") || !strings.Contains(got, "[Later]") {
		t.Fatalf("the offer to send:\n%s", got)
	}
	press(t, m, "enter") // Later is the default: a second enter would close the wizard
	if !m.quitting || f.srv.Created("activities") != 1 {
		t.Fatalf("enter on the default sent records (quitting %v, created %d)", m.quitting, f.srv.Created("activities"))
	}
	m.quitting = false
	press(t, m, "y") // y sends
	// Over, the run says so once: no spinner, the counts once, where to look.
	got := stepText(m) + screen(m)
	if !strings.Contains(got, "Activation done: 3 delivered, 0 failed, 0 in doubt, 0 skipped.") ||
		strings.Contains(got, "activating…") || strings.Count(stepText(m), "3 delivered") != 1 ||
		!strings.Contains(got, "See it with: cliodest status "+m.savedPath) || !strings.Contains(got, "enter close the wizard") {
		t.Fatalf("activation:\n%s", got)
	}
	// The test's object is record 1's delivery: its edited body is updated
	// to the record by activation, which creates only the other two.
	if n := f.srv.Created("activities"); n != 3 {
		t.Fatalf("sandbox created %d activities, want 3 (the test send's and two records')", n)
	}
}
