package deliver

import (
	"context"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// fixedWindow is a server's fixed rate-limit window, as Clio's and the
// sandbox's: it opens with the first request after the previous one reset.
// It keeps every window's start and count.
type fixedWindow struct {
	limit  int
	w      time.Duration
	start  time.Time
	count  int
	starts []time.Time
	counts []int
}

// take counts a request arriving at now and returns the headers' values.
func (f *fixedWindow) take(now time.Time) clio.RateLimit {
	if f.start.IsZero() || !now.Before(f.start.Add(f.w)) {
		f.start, f.count = now, 0
		f.starts, f.counts = append(f.starts, now), append(f.counts, 0)
	}
	reset := f.start.Add(f.w)
	rl := clio.RateLimit{Known: true, Limit: f.limit, Reset: time.Unix(reset.Unix(), 0)}
	if f.count >= f.limit {
		secs := (reset.Sub(now) + time.Second - 1) / time.Second
		rl.RetryAfter = max(secs, 1) * time.Second
		return rl
	}
	f.count++
	f.counts[len(f.counts)-1]++
	rl.Remaining = f.limit - f.count
	return rl
}

// TestPacerFillsWindows drives the pacer with a fake clock against a fixed
// window server, one request at a time with a small latency: each window's
// allowance goes at once, every window but the last is filled to its
// limit, the next opens within 1 % of the window after the reset (the
// budget is used at 99 % or more), and nothing is refused — except, where
// another client spends part of each window, at most one 429 per window.
func TestPacerFillsWindows(t *testing.T) {
	tests := []struct {
		name    string
		limit   int
		window  time.Duration
		start   time.Duration // offset of the first request within a second
		latency time.Duration
		other   int // requests another client sends at the start of each window
		n       int
		maxTime time.Duration
		max429  int
	}{
		{name: "60 per 2 s", limit: 60, window: 2 * time.Second, start: 300 * time.Millisecond, latency: time.Millisecond, n: 600, maxTime: 18100 * time.Millisecond},
		{name: "60 per 2 s, start late in a second", limit: 60, window: 2 * time.Second, start: 999 * time.Millisecond, latency: 3 * time.Millisecond, n: 600, maxTime: 18300 * time.Millisecond},
		{name: "50 per minute", limit: 50, window: time.Minute, start: 500 * time.Millisecond, latency: 20 * time.Millisecond, n: 200, maxTime: 3*time.Minute + 2*time.Second},
		{name: "30 at 50 per minute: no wait", limit: 50, window: time.Minute, start: 500 * time.Millisecond, latency: 20 * time.Millisecond, n: 30, maxTime: 30 * 20 * time.Millisecond},
		{name: "shared token", limit: 60, window: 2 * time.Second, start: 100 * time.Millisecond, latency: time.Millisecond, other: 10, n: 500, maxTime: 23 * time.Second, max429: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := time.Unix(1_700_000_000, 0).Add(tt.start)
			now := base
			p := newPacer(func() time.Time { return now }, func(_ context.Context, d time.Duration) error {
				if d > 0 {
					now = now.Add(d)
				}
				return nil
			})
			srv := &fixedWindow{limit: tt.limit, w: tt.window}
			otherStart := time.Time{}
			refused, sent := 0, 0
			per := map[int64]int{}
			for sent < tt.n {
				tk, err := p.Acquire(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if tt.other > 0 && !srv.start.Equal(otherStart) && !srv.start.IsZero() && now.Before(srv.start.Add(srv.w)) {
					// Another client spends part of the window we are in.
					otherStart = srv.start
					for range tt.other {
						srv.take(now)
					}
				}
				rl := srv.take(now)
				now = now.Add(tt.latency)
				if rl.RetryAfter > 0 {
					refused++
					per[srv.start.UnixNano()]++
				} else {
					sent++
				}
				p.Observe(tk, rl)
			}
			for w, c := range per {
				if c > 1 {
					t.Errorf("window at %v: %d refusals", time.Unix(0, w).Sub(base), c)
				}
			}
			if refused > tt.max429 {
				t.Errorf("%d requests refused, want at most %d", refused, tt.max429)
			}
			if el := now.Sub(base); el > tt.maxTime {
				t.Errorf("%d requests took %v, want at most %v", tt.n, el, tt.maxTime)
			}
			if tt.other == 0 {
				if w := p.Waited(); w > now.Sub(base) || len(srv.starts) == 1 && w != 0 {
					t.Errorf("waited %v in %v over %d windows", w, now.Sub(base), len(srv.starts))
				}
				for i := range len(srv.starts) - 1 {
					if srv.counts[i] != tt.limit {
						t.Errorf("window %d took %d requests, want %d", i, srv.counts[i], tt.limit)
					}
					if gap := srv.starts[i+1].Sub(srv.starts[i].Add(tt.window)); gap > tt.window/100 {
						t.Errorf("window %d opened %v after the reset, more than 1 %% of the window", i+1, gap)
					}
				}
			}
			t.Logf("%d requests in %v, %d refused, %d windows", tt.n, now.Sub(base), refused, len(srv.starts))
		})
	}
}

// TestPacerUnlimited: answers without rate-limit headers turn pacing off
// after the first request.
func TestPacerUnlimited(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	p := newPacer(func() time.Time { return now }, func(context.Context, time.Duration) error { return nil })
	first, _ := p.Acquire(context.Background())
	p.Observe(first, clio.RateLimit{})
	for range 100 {
		tk, err := p.Acquire(context.Background())
		if err != nil || !tk.sent.Equal(now) {
			t.Fatalf("ticket %+v, %v: paced without a limit", tk, err)
		}
	}
}

// TestPacerProbeHoldsOthers: while the probe opening a window is out,
// other requests wait; a probe that got no answer (Cancel) lets the next
// one probe instead; a cancelled context ends the wait.
func TestPacerProbeHoldsOthers(t *testing.T) {
	p := NewPacer()
	probe, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan Ticket)
	go func() {
		tk, _ := p.Acquire(context.Background())
		got <- tk
	}()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Acquire(ctx); err == nil {
		t.Fatal("a cancelled wait for the probe returned a ticket")
	}
	select {
	case tk := <-got:
		t.Fatalf("ticket %+v handed out while the probe is unanswered", tk)
	default:
	}
	p.Cancel(probe)
	if tk := <-got; tk.seq != probe.seq+1 {
		t.Fatalf("next ticket %+v", tk)
	}
}
