package ui

import (
	"strings"
	"testing"
)

// TestTemplateSkipsBatching: a template's wizard goes from Exclude to
// Webhook and back, the Endpoint step says why in one line (at 80x24), and
// an Advanced endpoint still has its Batching step.
func TestTemplateSkipsBatching(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter") // check: Endpoint
	if m.cur != stepEndpoint {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	const why = "The Batching step is skipped: a template sends one record per request"
	if !strings.Contains(flat(screen(m)), why) {
		t.Fatalf("no word of the skip:\n%s", screen(m))
	}
	checkFits(t, m, 80, 24)
	drive(t, m, m.goTo(stepExclude))
	press(t, m, "enter")
	if m.cur != stepWebhook {
		t.Fatalf("after Exclude: %s, want Webhook", stepTitles[m.cur])
	}
	press(t, m, "esc")
	if m.cur != stepExclude {
		t.Fatalf("back from Webhook: %s, want Exclude", stepTitles[m.cur])
	}

	drive(t, m, m.goTo(stepEndpoint))
	press(t, m, "right") // Advanced
	if strings.Contains(flat(screen(m)), why) {
		t.Fatalf("Advanced says batching is skipped:\n%s", screen(m))
	}
	drive(t, m, m.goTo(stepExclude))
	press(t, m, "enter")
	if m.cur != stepBatching {
		t.Fatalf("Advanced after Exclude: %s, want Batching", stepTitles[m.cur])
	}
}
