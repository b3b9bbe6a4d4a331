package deliver

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// sbWindow is one of the sandbox's rate-limit windows as its log shows it.
type sbWindow struct {
	opened, last time.Time // its first and last requests
	refused      int       // answers 429
}

// sandboxWindows replays the sandbox's fixed windows (each opens with the
// first request after the previous one reset) over its log, in the order
// the requests arrived.
func sandboxWindows(es []sandbox.LogEntry, w time.Duration) (ws []sbWindow) {
	es = slices.Clone(es)
	slices.SortStableFunc(es, func(a, b sandbox.LogEntry) int { return a.Time.Compare(b.Time) })
	for _, le := range es {
		if len(ws) == 0 || !le.Time.Before(ws[len(ws)-1].opened.Add(w)) {
			ws = append(ws, sbWindow{opened: le.Time})
		}
		cur := &ws[len(ws)-1]
		cur.last = le.Time
		if le.Status == 429 {
			cur.refused++
		}
	}
	return ws
}

// TestRateLimitFigures delivers against the sandbox with its rate limit on,
// the figures of the README's Performance table: a small run spends the
// window's allowance at once; larger ones burst, wait for each reset, and
// burst again. Asserted: every record delivered once, at most one 429 per
// window, a run the window can hold neither waits nor takes long, and a
// larger one uses no more of the sandbox's windows than its records need
// (each allowance is spent whole) and opens each next window within a
// second of the reset (it waits for the reset, not longer). These hold on
// a loaded machine: they are read from the sandbox's clock, not from how
// long the sending itself took. The cases run in parallel, each with its
// own sandbox: they mostly wait.
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
		maxWait       time.Duration // pacing wait; 0: only as long as the resets take
		maxElapsed    time.Duration // 0: as long as the windows take
		ideal         string
		testSendAfter bool
	}{
		{name: "30 at 50 per 60 s", n: 30, limit: 50, window: time.Minute, maxWait: time.Second, maxElapsed: 5 * time.Second, ideal: "no wait", testSendAfter: true},
		{name: "120 at 50 per 10 s", n: 120, limit: 50, window: 10 * time.Second, ideal: "20 s: two resets"},
		{name: "600 at 60 per 2 s", n: 600, limit: 60, window: 2 * time.Second, ideal: "20 s"},
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
			ws := sandboxWindows(e.log.entries(t), tt.window)
			refused := 0
			for i, w := range ws {
				refused += w.refused
				if w.refused > 1 {
					t.Errorf("window %d: %d answers 429", i+1, w.refused)
				}
			}
			// Each window's allowance is spent whole: the run needs the
			// fewest windows its records fit in.
			if want := (tt.n + tt.limit - 1) / tt.limit; len(ws) != want {
				t.Errorf("the run took %d of the sandbox's windows, want %d (%d records at %d a window)", len(ws), want, tt.n, tt.limit)
			}
			// ... in a burst, not spread over the window (which would end
			// near the reset), and the next window opens as soon as the
			// last one reset.
			const lateness = time.Second
			for i, w := range ws {
				if took := w.last.Sub(w.opened); i < len(ws)-1 && took > tt.window*3/4 {
					t.Errorf("window %d: its allowance took %v of the %v window, want a burst", i+1, took.Round(time.Millisecond), tt.window)
				}
				if i == 0 {
					continue
				}
				if late := w.opened.Sub(ws[i-1].opened.Add(tt.window)); late > lateness {
					t.Errorf("window %d opened %v after the reset of window %d, want at most %v", i+1, late.Round(time.Millisecond), i, lateness)
				}
			}
			maxWait := tt.maxWait
			if maxWait == 0 {
				maxWait = time.Duration(len(ws)-1) * (tt.window + lateness)
			}
			if s.RateLimitWait > maxWait {
				t.Errorf("waited %v for the rate limit, want at most %v", s.RateLimitWait, maxWait)
			}
			if tt.maxElapsed > 0 && s.Elapsed > tt.maxElapsed {
				t.Errorf("took %v, want at most %v", s.Elapsed, tt.maxElapsed)
			}
			t.Logf("%s (ideal %s): %s, %d requests, %d windows, %d answered 429, %s waiting for the rate limit",
				tt.name, tt.ideal, s.Elapsed.Round(10*time.Millisecond), s.Requests, len(ws), refused, s.RateLimitWait.Round(time.Millisecond))
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
	start := time.Now()
	res, err := e.client.Do(context.Background(), call.Request()) // as flow/session's test send sends it
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.RateLimit.Remaining != left-1 {
		t.Errorf("after the test send Clio reports %d left, want %d", res.RateLimit.Remaining, left-1)
	}
	if took > 5*time.Second { // paced, it would wait for the window's end, a minute away
		t.Errorf("the test send took %v", took)
	}
	d2, file2 := activityDest(t, 10, nil)
	s := run(t, context.Background(), Options{Destination: d2, Client: e.client, Ledger: openLedger(t, d2, file2)})
	if s.Delivered != 10 || s.RateLimitWait > 0 || s.Elapsed > 5*time.Second { // spread over the window, 10 would take half a minute

		t.Errorf("a run of 10 after it: %+v", s)
	}
	for _, le := range e.log.entries(t) {
		if le.Status == 429 {
			t.Errorf("answer 429 at %v", le.Time)
		}
	}
	t.Logf("test send with %d left: %s, no pacer; a run of 10 after it: %s, %s waiting for the rate limit",
		left, took.Round(10*time.Microsecond), s.Elapsed.Round(time.Millisecond), s.RateLimitWait)
}
