package liveview

import (
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
)

func TestProgressETAWhileRunning(t *testing.T) {
	p := deliver.Progress{Done: 10, Total: 100, Rate: 3}
	if got := Progress(NewBar(), p, false); !strings.Contains(got, "10/100 · 3.0 rec/s · ETA 30s") {
		t.Errorf("running: %q", got)
	}
	if got := Progress(NewBar(), p, true); strings.Contains(got, "ETA") {
		t.Errorf("ended run still has an ETA: %q", got)
	}
	if got := Progress(NewBar(), deliver.Progress{Done: 4, Total: -1}, false); !strings.Contains(got, "4 done (total not known yet)") {
		t.Errorf("unknown total: %q", got)
	}
}

func TestWaitingSaysTheWebhookWait(t *testing.T) {
	if got := Waiting(nil); got != "" {
		t.Errorf("no wait: %q", got)
	}
	got := Waiting(&deliver.WebhookWaiting{Documents: 2, Limit: 30 * time.Second})
	if got != "response webhook: waiting up to 30s for it to take 2 document(s)…" {
		t.Errorf("got %q", got)
	}
}

func TestFailureNamesLineKeyStatus(t *testing.T) {
	got := Failure(deliver.RecordFailed{Pos: 2, Line: 3, Key: "K", Status: 0, State: "in_doubt", Message: "timeout"})
	if got != "  line 3 (K) in doubt: timeout" {
		t.Errorf("got %q", got)
	}
	if Since(184*time.Second) != "3m04s" {
		t.Errorf("Since = %q", Since(184*time.Second))
	}
}
