package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// gotoTarget selects a target of the mapping step.
func gotoTarget(t *testing.T, m *model, target string) {
	t.Helper()
	s := m.steps[stepMapping].(*mappingStep)
	i := slices.IndexFunc(s.targets, func(l *clioLeaf) bool { return l.Path == target })
	if i < 0 {
		t.Fatalf("no target %s", target)
	}
	s.sel = i
}

func TestTemplateJourneyToSavedFile(t *testing.T) {
	f := newFixture(t)
	m := newTestModel(t, f.options(), 140, 45)

	if got := screen(m); !strings.Contains(got, "Nexset file") || !strings.Contains(got, "Pick a Nexset") {
		t.Fatalf("first screen:\n%s", got)
	}
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	if got := screen(m); !strings.Contains(got, "Records: 3") || !strings.Contains(got, "work_date") {
		t.Fatalf("after loading:\n%s", got)
	}
	press(t, m, "enter")
	if m.cur != stepCredential {
		t.Fatalf("step = %s, want Credential", stepTitles[m.cur])
	}
	if got := screen(m); !strings.Contains(got, "token from CLIODEST_TOKEN ("+f.host.String()+")") {
		t.Fatalf("credential list:\n%s", got)
	}
	if strings.Contains(screen(m), f.token) {
		t.Fatal("the token is on screen")
	}
	press(t, m, "enter") // one enter checks and, connected, goes on
	if got := screen(m); m.cur != stepEndpoint || !strings.Contains(got, "Connected as") {
		t.Fatalf("after check (step %s):\n%s", stepTitles[m.cur], got)
	}
	press(t, m, "enter", "enter")
	if m.cur != stepMapping {
		t.Fatalf("step = %s, want Mapping", stepTitles[m.cur])
	}
	// flow's suggestions are filled in, the required type from the hours.
	if got := screen(m); !strings.Contains(got, "← work_date (date)") || strings.Contains(got, "required attribute type has no mapping") {
		t.Fatalf("mapping:\n%s", got)
	}
	wantTypeSuggested(t, m)
	if got := screen(m); !strings.Contains(got, "= TimeEntry") || !strings.Contains(got, "✓ valid") {
		t.Fatalf("after setting type:\n%s", got)
	}
	press(t, m, "tab")
	if m.cur != stepExclude {
		t.Fatalf("step = %s, want Exclude", stepTitles[m.cur])
	}
	// Excluding an attribute takes it out of the samples at once.
	if !strings.Contains(m.pane.content, "Research") {
		t.Fatalf("pane lacks the narrative before exclusion:\n%s", m.pane.content)
	}
	ex := m.steps[stepExclude].(*excludeStep)
	ex.sel = slices.IndexFunc(m.schema.Attrs, func(a nexsetAttr) bool { return a.Path == "narrative" })
	press(t, m, "space")
	if strings.Contains(m.pane.content, "Research") {
		t.Fatalf("pane still shows the excluded narrative:\n%s", m.pane.content)
	}
	press(t, m, "space", "enter") // untick, next
	// A template has no Batching step: Exclude leads to Webhook.
	if m.cur != stepWebhook {
		t.Fatalf("step = %s, want Webhook (Batching skipped)", stepTitles[m.cur])
	}
	press(t, m, "enter")
	if m.cur != stepTest {
		t.Fatalf("step = %s, want Test", stepTitles[m.cur])
	}
	press(t, m, "s")
	if got := screen(m); !strings.Contains(got, "Status: 201 accepted") {
		t.Fatalf("test send:\n%s", got)
	}
	if n := f.srv.Created("activities"); n != 1 {
		t.Fatalf("sandbox created %d activities, want 1", n)
	}
	press(t, m, "enter", "enter")
	if m.savedPath == "" {
		t.Fatalf("not saved:\n%s", screen(m))
	}
	d, err := flow.Load(m.savedPath)
	if err != nil {
		t.Fatal(err)
	}
	if d.Endpoint.Template != flow.CreateActivity || d.Nexset.Path != "entries.jsonl" || d.Status != flow.StatusPaused {
		t.Fatalf("saved destination: %+v", d)
	}
	press(t, m, "enter")
	if !m.quitting {
		t.Fatal("Later did not leave the wizard")
	}
	var out strings.Builder
	if err := m.finish(&out); err != nil || !strings.Contains(out.String(), "cliodest activate "+m.savedPath) {
		t.Fatalf("summary %q, %v", out.String(), err)
	}
}
