package deliver

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestLedgerFullMidRun: the ledger stops taking writes (a full disk) as
// Clio receives the run's first create. The run halts with the reason and
// what to do (free space, run again, retry --in-doubt); its summary counts
// truly: the requests Clio received, and as in doubt every record whose
// outcome could not be recorded (the ledger holds them in flight, which the
// next run takes for in doubt), the rest not sent. Space back, activate
// sends the rest and retry --in-doubt settles the doubts: every record is
// created in Clio exactly once.
func TestLedgerFullMidRun(t *testing.T) {
	const n = 120
	log := &syncBuffer{}
	var l *ledger.Ledger
	var requests atomic.Int32
	_, c := sandboxBefore(t, sandbox.Config{RateLimit: -1, Log: log}, func(i int) {
		requests.Add(1)
		if i == 1 {
			if err := l.RefuseWrites(true); err != nil {
				t.Error(err)
			}
		}
	})
	d, file := activityDest(t, n, nil)
	l = openLedger(t, d, file)

	var doubts int
	o := Options{Destination: d, Client: c, Ledger: l, Concurrency: 8, Events: func(e Event) {
		if f, ok := e.(RecordFailed); ok && f.State == string(ledger.InDoubt) {
			doubts++
			if !strings.Contains(f.Message, "could not be recorded") {
				t.Errorf("in doubt: %s", f.Message)
			}
		}
	}}
	s, err := Run(context.Background(), o)
	if err == nil {
		t.Fatalf("the run did not fail: %+v", s)
	}
	for _, want := range []string{"is the disk full or read-only?", "free space", "run activate again", "retry --in-doubt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if err := l.RefuseWrites(false); err != nil {
		t.Fatal(err)
	}
	counts, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("summary %+v; ledger %v; %d requests", s, counts, requests.Load())
	if s.Requests != int(requests.Load()) || s.Requests == 0 {
		t.Errorf("summary counts %d request(s), Clio received %d", s.Requests, requests.Load())
	}
	if s.Delivered != counts[ledger.Delivered] || s.InDoubt != counts[ledger.InFlight] || s.InDoubt == 0 || doubts != s.InDoubt {
		t.Errorf("summary: %d delivered, %d in doubt (%d events); the ledger holds %d delivered, %d in flight", s.Delivered, s.InDoubt, doubts, counts[ledger.Delivered], counts[ledger.InFlight])
	}
	if s.Pending != n-s.Delivered-s.InDoubt || s.Failed != 0 {
		t.Errorf("summary: %d not sent, %d failed; want %d not sent", s.Pending, s.Failed, n-s.Delivered-s.InDoubt)
	}

	// Space is back: activate sends the rest, retry --in-doubt settles the doubts.
	o.Events = nil
	s = run(t, context.Background(), o)
	if s.InDoubt != counts[ledger.InFlight] || s.Delivered+counts[ledger.Delivered]+counts[ledger.InFlight] != n {
		t.Errorf("activate again: %+v", s)
	}
	o.Mode, o.InDoubt = ledger.ModeRetry, true
	run(t, context.Background(), o)
	after, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if after[ledger.Delivered] != n {
		t.Errorf("ledger after retry --in-doubt: %v", after)
	}
	got := creates(t, log)
	for i := 1; i <= n; i++ {
		if k := "record R" + strconv.Itoa(i); got[k] != 1 {
			t.Errorf("%s created %d times", k, got[k])
		}
	}
}
