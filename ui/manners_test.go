package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
)

// checkFits fails when the screen has more lines or wider lines than the
// terminal: the top or the footer would be lost.
func checkFits(t *testing.T, m *model, w, h int) {
	t.Helper()
	lines := strings.Split(screen(m), "\n")
	if len(lines) > h {
		t.Fatalf("%d lines on a %d-line terminal:\n%s", len(lines), h, screen(m))
	}
	for _, l := range lines {
		if vw := visibleWidth(l); vw > w {
			t.Fatalf("line of %d columns at width %d: %q", vw, w, l)
		}
	}
}

func TestScreenFitsAndKeepsItsKeys(t *testing.T) {
	tests := []struct {
		name      string
		w, h      int
		demo      bool
		pane      bool // ctrl+p at the mapping step
		want, not []string
	}{
		{name: "wide", w: 140, h: 45, want: []string{"esc back", "ctrl+o collapse samples", "ctrl+c quit"}, not: []string{"ctrl+p"}},
		{name: "narrow keeps ctrl+p and esc", w: 80, h: 24, want: []string{"ctrl+p samples", "esc back", "ctrl+c quit"}},
		{name: "narrow demo", w: 80, h: 24, demo: true, want: []string{"Demo: a sandbox Clio", "Nexset ›", "ctrl+p samples"}},
		{name: "narrow pane says how back", w: 80, h: 24, pane: true, want: []string{"Sample requests", "ctrl+p back to Mapping"}, not: []string{"del unmap"}},
		{name: "huge", w: 200, h: 50, want: []string{"esc back"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOfflineFixture(t)
			o := f.options()
			o.Demo = tt.demo
			m := newTestModel(t, o, tt.w, tt.h)
			walkToMapping(t, m, f)
			if tt.pane {
				press(t, m, "ctrl+p")
			}
			checkFits(t, m, tt.w, tt.h)
			got := screen(m)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("screen lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("screen shows %q:\n%s", n, got)
				}
			}
		})
	}
}

func TestQuitQuestionFooterSaysTheAnswers(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	press(t, m, "ctrl+c")
	got := screen(m)
	if !strings.Contains(got, "y discard and quit") || !strings.Contains(got, "keep editing") || strings.Contains(got, "del unmap") {
		t.Fatalf("the footer under the discard question should give its answers only:\n%s", got)
	}
}

func TestProblemsNameTheirMapping(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	m.d.Exclude = []string{"narrative"}
	var found bool
	for _, p := range stepProblems(&m.stepEnv, "mapping") {
		if strings.Contains(p.Message, "narrative is excluded") {
			found = true
			if !strings.HasPrefix(p.Message, "mapping of note: ") {
				t.Errorf("message %q does not say which mapping", p.Message)
			}
		}
	}
	if !found {
		t.Fatalf("no problem about the excluded narrative in %+v", stepProblems(&m.stepEnv, "mapping"))
	}
	tests := []struct {
		field, msg, want string
	}{
		{"credential", "none: x", "credential: none: x"},
		{"mapping[99].source", "x", "x"}, // out of range: left alone
		{"mapping[x].source", "x", "x"},
		{"batching.size", "x", "x"},
	}
	for _, tt := range tests {
		if got := named(m.d, flow.Problem{Field: tt.field, Message: tt.msg}).Message; got != tt.want {
			t.Errorf("named(%s, %q) = %q, want %q", tt.field, tt.msg, got, tt.want)
		}
	}
}

func TestPaneWaitsForEndpointQuietly(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	got := screen(m)
	if !strings.Contains(got, "once an endpoint is chosen") || strings.Contains(got, "not valid") {
		t.Fatalf("before the Endpoint step the pane should say when requests come:\n%s", got)
	}
}

func TestSaveProgressKeepsTotalAndBarFits(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	s := m.steps[stepSave].(*saveStep)
	s.saved, s.running = "dest.yaml", true
	m.cur = stepSave
	m.Update(deliverEventMsg{deliver.Total{Records: 22}})
	m.Update(deliverEventMsg{deliver.Progress{Done: 22, Delivered: 22, Total: -1}})
	if s.prog.Total != 22 {
		t.Fatalf("total = %d after a progress with an unknown total, want 22", s.prog.Total)
	}
	m.Update(deliverEventMsg{deliver.RecordFailed{Pos: 7, Line: 8, Key: "EX-7", Status: 422, State: "failed", Message: "date: is not a valid date"}})
	m.Update(deliverEventMsg{deliver.WebhookWaiting{Documents: 4, Limit: 30 * time.Second}})
	// The home's live view's lines (ui/liveview): done of total with the
	// bar, the counts, the rate limit in words, the webhook's wait, the failures.
	got := screen(m)
	for _, want := range []string{"22/22", "█", "Delivered 22 · Failed 0", "Rate limit: not reached", "response webhook: waiting up to 30s for it to take 4 document(s)…",
		"Most recent failures:", "line 8 (EX-7): 422 date: is not a valid date"} {
		if !strings.Contains(got, want) {
			t.Fatalf("the Save step's progress lacks %q:\n%s", want, got)
		}
	}
	checkFits(t, m, 80, 24)
}

func TestTogglesExplainThemselves(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter")
	if m.cur != stepWebhook {
		t.Fatalf("step = %s, want Webhook (a template skips Batching)", stepTitles[m.cur])
	}
	if got := screen(m); !strings.Contains(got, "Clio's answers go to a URL and/or a file") {
		t.Fatalf("the webhook toggle should say what it does:\n%s", got)
	}
}
