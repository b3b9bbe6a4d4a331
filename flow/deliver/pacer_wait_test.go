package deliver

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// pacerClock is a clock the test moves, and a sleep that reports each wait
// and blocks until the test releases it or its context ends.
type pacerClock struct {
	mu      sync.Mutex
	t       time.Time
	entered chan time.Duration
	release chan struct{}
}

func newPacerClock(t time.Time) *pacerClock {
	return &pacerClock{t: t, entered: make(chan time.Duration), release: make(chan struct{})}
}

func (c *pacerClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *pacerClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *pacerClock) sleep(ctx context.Context, d time.Duration) error {
	if c.entered != nil {
		c.entered <- d
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.release:
		return nil
	}
}

// openWindow returns a pacer on clk whose probe opened a 50-per-minute
// window: the following requests are spread over it, about 1.2 s apart.
func openWindow(t *testing.T, clk *pacerClock) *Pacer {
	t.Helper()
	p := newPacer(clk.now, clk.sleep)
	probe, err := p.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.Observe(probe, clio.RateLimit{Known: true, Limit: 50, Remaining: 49, Reset: clk.now().Add(time.Minute)})
	return p
}

// TestPacerWaitedIsTheUnionOfRealWaits: three workers held at once for
// slots 1.2, 2.4 and 3.6 s away; the first goes after 1.2 s, then the run
// stops (Ctrl-C, pause) and the others give up their slots. The time spent
// waiting is 1.2 s — the wall-clock time during which a worker was held —
// not the sum of the three waits, nor the slots booked but never used.
func TestPacerWaitedIsTheUnionOfRealWaits(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := openWindow(t, clk)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := p.Acquire(ctx)
			errs <- err
		}()
	}
	first := time.Duration(1 << 62)
	for range 3 {
		d := <-clk.entered
		if d <= 0 {
			t.Fatalf("a worker held for %v", d)
		}
		first = min(first, d)
	}
	if w := p.Waited(); w != 0 {
		t.Fatalf("waited %v before any time passed", w)
	}
	clk.advance(first)
	if w := p.Waited(); w != first {
		t.Fatalf("while three workers are held for %v: waited %v, want %v (the union, not the sum)", first, w, first)
	}
	clk.release <- struct{}{}
	if err := <-errs; err != nil {
		t.Fatalf("released worker: %v", err)
	}
	stop()
	for range 2 {
		if err := <-errs; err == nil {
			t.Fatal("a worker whose run stopped got its slot")
		}
	}
	elapsed := clk.now().Sub(start)
	if w := p.Waited(); w != first || w > elapsed {
		t.Fatalf("waited %v in a run of %v, want %v", w, elapsed, first)
	}
	// Booked slots no longer count once given up.
	clk.advance(10 * time.Second)
	if w := p.Waited(); w != first {
		t.Fatalf("waited %v after the run stopped, want %v", w, first)
	}
}

// TestPacerShowsEvenPacing: while requests are spread evenly over a window
// (no 429 at all), the pacer says so: the limit, the workers it holds, when
// the next one goes, and — a worker being held more than a second — a
// Waiting duration. After a 429 it says the workers are blocked until
// Retry-After.
func TestPacerShowsEvenPacing(t *testing.T) {
	clk := newPacerClock(time.Unix(1_700_000_000, 0))
	p := openWindow(t, clk)
	if ps := p.Pacing(); ps.Limit != 50 || ps.Held != 0 || ps.Blocked || ps.Remaining != 49 {
		t.Fatalf("before any wait: %+v", ps)
	}
	ctx, stop := context.WithCancel(context.Background())
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := p.Acquire(ctx)
			errs <- err
		}()
	}
	var waits []time.Duration
	for range 3 {
		waits = append(waits, <-clk.entered)
	}
	lo, hi := min(waits[0], waits[1], waits[2]), max(waits[0], waits[1], waits[2])
	ps := p.Pacing()
	if ps.Held != 3 || ps.Blocked || ps.NextIn != lo || ps.Window < time.Minute || ps.Window > time.Minute+time.Second {
		t.Fatalf("three workers paced: %+v (waits %v)", ps, waits)
	}
	if lo < time.Second || lo > 1300*time.Millisecond {
		t.Fatalf("first slot in %v, want about 1.2 s at 50 per minute", lo)
	}
	if w := p.Waiting(); w != hi {
		t.Fatalf("Waiting %v, want the longest hold %v", w, hi)
	}
	stop()
	for range 3 {
		<-errs
	}
	if ps := p.Pacing(); ps.Held != 0 || p.Waiting() != 0 {
		t.Fatalf("after the run stopped: %+v, waiting %v", ps, p.Waiting())
	}

	// A 429 holds everyone until Retry-After.
	tk, err := acquireNow(p, clk)
	if err != nil {
		t.Fatal(err)
	}
	p.Observe(tk, clio.RateLimit{Known: true, Limit: 50, Remaining: 0, RetryAfter: 12 * time.Second})
	go func() {
		_, err := p.Acquire(context.Background())
		errs <- err
	}()
	d := <-clk.entered
	if ps := p.Pacing(); !ps.Blocked || ps.Held != 1 || ps.NextIn != d || d < 11*time.Second {
		t.Fatalf("after a 429: %+v (held for %v)", ps, d)
	}
	clk.advance(d)
	clk.release <- struct{}{}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
}

// acquireNow takes the next slot, moving the fake clock to it.
func acquireNow(p *Pacer, clk *pacerClock) (Ticket, error) {
	got := make(chan Ticket, 1)
	errc := make(chan error, 1)
	go func() {
		tk, err := p.Acquire(context.Background())
		got <- tk
		errc <- err
	}()
	select {
	case tk := <-got:
		return tk, <-errc
	case d := <-clk.entered:
		clk.advance(d)
		clk.release <- struct{}{}
		return <-got, <-errc
	}
}

// TestProgressShowsEvenPacing: against the sandbox's 50 requests a minute,
// requests paced evenly (no 429) show in the run's Progress events: the
// limit, held workers, the next request's time and a Waiting duration. The
// pacer's clock is fake: its held workers wait until the run is stopped.
func TestProgressShowsEvenPacing(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: 50, RateWindow: time.Minute})
	d, file := activityDest(t, 20, nil)
	l := openLedger(t, d, file)
	clk := newPacerClock(time.Now())
	clk.entered = nil
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan Progress, 1)
	var once sync.Once
	events := func(ev Event) {
		if p, ok := ev.(Progress); ok && p.Pacing.Limit > 0 && p.Pacing.Held > 0 && !p.Pacing.Blocked {
			once.Do(func() { seen <- p })
		}
	}
	type result struct {
		s   Summary
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := Run(ctx, Options{Destination: d, Client: e.client, Ledger: l, Concurrency: 4,
			Pacer: newPacer(clk.now, clk.sleep), Events: events, ProgressInterval: 5 * time.Millisecond})
		done <- result{s, err}
	}()
	p := <-seen
	if p.Pacing.Limit != 50 || p.Pacing.NextIn <= 0 || p.Waiting < time.Second {
		t.Errorf("progress while paced: %+v", p)
	}
	cancel()
	r := <-done
	if r.s.Requests != 1 || r.s.RateLimitWait > r.s.Elapsed {
		t.Errorf("summary %+v", r.s)
	}
}
