package deliver

import (
	"context"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// refusalsPerWindow replays the sandbox's fixed windows (each opens with the
// first request after the previous one reset) over its log and counts the
// answers 429 in each.
func refusalsPerWindow(es []sandbox.LogEntry, w time.Duration) (per []int) {
	var start time.Time
	for _, le := range es {
		if len(per) == 0 || !le.Time.Before(start.Add(w)) {
			start = le.Time
			per = append(per, 0)
		}
		if le.Status == 429 {
			per[len(per)-1]++
		}
	}
	return per
}

// TestRateLimitFigures delivers against the sandbox with its rate limit on,
// the figures of the README's Performance table: a small run spends the
// window's allowance at once; larger ones burst, wait for each reset, and
// burst again. Asserted: every record delivered once, at most one 429 per
// window, the pacing wait of a run the window can hold under a second, the
// others within 5 % of the time the windows take (n/limit windows). The
// cases run in parallel, each with its own sandbox: they mostly wait.
func TestRateLimitFigures(t *testing.T) {
	if testing.Short() || raceEnabled {
		// It measures wall-clock time, which the race detector stretches;
		// .ci/run runs it without -race.
		t.Skip("takes about 20 s; measures time, so not under -race")
	}
	tests := []struct {
		name          string
		n, limit      int
		window        time.Duration
		maxWait       time.Duration // pacing wait
		maxElapsed    time.Duration
		ideal         string
		testSendAfter bool
	}{
		{name: "30 at 50 per 60 s", n: 30, limit: 50, window: time.Minute, maxWait: time.Second, maxElapsed: 5 * time.Second, ideal: "no wait", testSendAfter: true},
		{name: "120 at 50 per 10 s", n: 120, limit: 50, window: 10 * time.Second, maxWait: 21 * time.Second, maxElapsed: 21 * time.Second, ideal: "20 s: two resets"},
		{name: "600 at 60 per 2 s", n: 600, limit: 60, window: 2 * time.Second, maxWait: 21 * time.Second, maxElapsed: 21 * time.Second, ideal: "20 s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := startSandbox(t, sandbox.Config{RateLimit: tt.limit, RateWindow: tt.window})
			d, file := activityDest(t, tt.n, nil)
			l := openLedger(t, d, file)
			s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
			if s.Delivered != tt.n {
				t.Fatalf("summary %+v", s)
			}
			for note, c := range creates(t, e.log) {
				if c != 1 {
					t.Errorf("%s created %d times", note, c)
				}
			}
			per := refusalsPerWindow(e.log.entries(t), tt.window)
			refused := 0
			for i, c := range per {
				refused += c
				if c > 1 {
					t.Errorf("window %d: %d answers 429", i, c)
				}
			}
			if s.RateLimitWait > tt.maxWait {
				t.Errorf("waited %v for the rate limit, want at most %v", s.RateLimitWait, tt.maxWait)
			}
			if s.Elapsed > tt.maxElapsed {
				t.Errorf("took %v, want at most %v", s.Elapsed, tt.maxElapsed)
			}
			t.Logf("%s (ideal %s): %s, %d requests, %d windows, %d answered 429, %s waiting for the rate limit",
				tt.name, tt.ideal, s.Elapsed.Round(10*time.Millisecond), s.Requests, len(per), refused, s.RateLimitWait.Round(time.Millisecond))
			if tt.testSendAfter {
				testSendWithAllowanceLeft(t, e, d, tt.limit-tt.n)
			}
		})
	}
}

// testSendWithAllowanceLeft sends one test request in the window a run
// left allowance in: it goes at once and spends one request of the same
// budget. A run of a handful of records in that window (a retry) then
// bursts what is left, without a wait or a 429.
func testSendWithAllowanceLeft(t *testing.T, e *env, d *flow.Destination, left int) {
	t.Helper()
	p, err := d.Plan()
	if err != nil {
		t.Fatal(err)
	}
	call, err := p.TestCall(nexset.Record{Pos: 1, Line: 1, Fields: map[string]any{
		"id": "T1", "date": "2024-03-04", "hours": 0.5, "note": "test send", "matter_id": int64(3001)}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := flow.TestSend(context.Background(), e.client, call)
	if err != nil {
		t.Fatal(err)
	}
	if res.RateLimit.Remaining != left-1 {
		t.Errorf("after the test send Clio reports %d left, want %d", res.RateLimit.Remaining, left-1)
	}
	if res.Duration > time.Second {
		t.Errorf("the test send took %v", res.Duration)
	}
	d2, file2 := activityDest(t, 10, nil)
	s := run(t, context.Background(), Options{Destination: d2, Client: e.client, Ledger: openLedger(t, d2, file2)})
	if s.Delivered != 10 || s.RateLimitWait > 0 || s.Elapsed > time.Second {
		t.Errorf("a run of 10 after it: %+v", s)
	}
	for _, le := range e.log.entries(t) {
		if le.Status == 429 {
			t.Errorf("answer 429 at %v", le.Time)
		}
	}
	t.Logf("test send with %d left: %s, no pacer; a run of 10 after it: %s, %s waiting for the rate limit",
		left, res.Duration.Round(10*time.Microsecond), s.Elapsed.Round(time.Millisecond), s.RateLimitWait)
}
