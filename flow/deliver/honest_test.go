package deliver

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// A 403 (the app lacks the scope) fails each record at once with Clio's
// message: it is not retried, and nothing is created.
func TestForbiddenScopeFailsWithoutRetry(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1, Forbidden: []string{"activities"}})
	d, path := activityDest(t, 5, nil)
	l := openLedger(t, d, path)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Failed != 5 || s.Delivered != 0 || s.Requests != 5 || s.Retries != 0 {
		t.Fatalf("summary %+v: want 5 failed after one request each", s)
	}
	failed, err := l.List(ledger.Failed, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range failed {
		if f.HTTPStatus != 403 || !strings.Contains(f.ErrMessage, "scope") {
			t.Errorf("record %s: %d %q, want 403 with Clio's message", f.Key, f.HTTPStatus, f.ErrMessage)
		}
	}
	if n := e.sb.Created("activities"); n != 0 {
		t.Errorf("%d activities created", n)
	}
}

// An update of an activity already on a bill is refused by Clio: the record
// fails with Clio's message, and the other updates go through.
func TestBilledActivityUpdateRefused(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1, Billed: []int64{sandbox.ActivityJohnsonMeeting}})
	d, path := copySample(t, "activity-updates.yaml")
	l := openLedger(t, d, path)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Failed != 1 || s.Delivered != s.Records-1 {
		t.Fatalf("summary %+v: want exactly the billed activity failed", s)
	}
	failed, err := l.List(ledger.Failed, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 1 || failed[0].Key != "9002" || failed[0].HTTPStatus != 422 || !strings.Contains(failed[0].ErrMessage, "billed") {
		t.Fatalf("failed = %+v, want 9002 refused as billed", failed)
	}
}

// Clio's limit drops mid-run (60 → 15 a window) without notice: every record
// is still delivered once, none fails, and the 429s stay at most one per
// window, because the pacer reads the new limit from the headers.
func TestRateLimitDropsMidRun(t *testing.T) {
	const window = time.Second
	e := startSandbox(t, sandbox.Config{RateLimit: 60, RateWindow: window,
		Faults: sandbox.Faults{RateDropAfter: 80, RateDropTo: 15}})
	d, path := activityDest(t, 140, nil)
	l := openLedger(t, d, path)
	start := time.Now()
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, MaxAttempts: 10})
	if s.Delivered != 140 || s.Failed != 0 || s.InDoubt != 0 {
		t.Fatalf("summary %+v: want all 140 delivered", s)
	}
	for note, n := range creates(t, e.log) {
		if n != 1 {
			t.Errorf("%s created %d times", note, n)
		}
	}
	refused := 0
	for _, le := range e.log.entries(t) {
		if le.Status == 429 {
			t.Logf("429 at +%v", le.Time.Sub(start).Round(time.Millisecond))
			refused++
		}
	}
	// The window where the limit drops may refuse every request already
	// sent into it (up to the workers' count); after that, one a window.
	windows := int(time.Since(start)/window) + 1
	if refused > windows+DefaultConcurrency-1 {
		t.Errorf("%d answers 429 in %d windows: more than one a window after the drop", refused, windows)
	}
	t.Logf("140 creates through a limit dropping 60 → 15: %v, %d answers 429 over %d windows", time.Since(start).Round(10*time.Millisecond), refused, windows)
}
