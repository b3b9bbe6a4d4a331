package deliver

import (
	"context"
	"runtime"
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
// window (reset header a minute away): 49 requests are left in it.
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

// burst starts n Acquires at once and returns their tickets; each must
// come back without waiting.
func burst(t *testing.T, p *Pacer, clk *pacerClock, n int) []Ticket {
	t.Helper()
	got := make(chan Ticket, n)
	for range n {
		go func() {
			tk, err := p.Acquire(context.Background())
			if err != nil {
				t.Error(err)
			}
			got <- tk
		}()
	}
	var tks []Ticket
	for len(tks) < n {
		select {
		case tk := <-got:
			tks = append(tks, tk)
		case d := <-clk.entered:
			t.Fatalf("with allowance left, a request was held for %v after %d went", d, len(tks))
		}
	}
	return tks
}

// held starts an Acquire and returns how long the pacer holds it, and a
// channel with its ticket once released.
func held(t *testing.T, p *Pacer, clk *pacerClock, ctx context.Context) (time.Duration, chan Ticket) {
	t.Helper()
	got := make(chan Ticket, 1)
	go func() {
		tk, err := p.Acquire(ctx)
		if err == nil {
			got <- tk
		}
	}()
	select {
	case tk := <-got:
		t.Fatalf("ticket %+v handed out at once", tk)
	case d := <-clk.entered:
		return d, got
	}
	return 0, nil
}

// TestPacerBurstsThenWaitsForTheReset: once the probe dated a 50-per-minute
// window, its 49 other requests go at once, whatever order their answers
// come back in; the next request waits until the window has certainly
// reset, and the pacer says so (blocked, 50 sent, the countdown); after the
// reset one request goes alone as the next window's probe, and its answer
// lets the others burst again.
func TestPacerBurstsThenWaitsForTheReset(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := openWindow(t, clk)
	tks := burst(t, p, clk, 49)
	// The server counted them in ticket order; answers come back reversed.
	for i := len(tks) - 1; i >= 0; i-- {
		p.Observe(tks[i], clio.RateLimit{Known: true, Limit: 50, Remaining: 49 - int(tks[i].seq-1), Reset: start.Add(time.Minute)})
	}
	if p.shared {
		t.Fatal("answers out of order taken for another client's requests")
	}
	if w := p.Waited(); w != 0 {
		t.Fatalf("waited %v with allowance left", w)
	}
	d1, got1 := held(t, p, clk, context.Background())
	// The window opened with the probe at start: its reset header says
	// start+60 s, so it has certainly reset 61 s (plus margin) after.
	if d1 <= time.Minute || d1 > time.Minute+time.Second+resetMargin {
		t.Fatalf("held %v after the window was spent, want until its reset (61 s)", d1)
	}
	clk.advance(time.Second)
	d2, got2 := held(t, p, clk, context.Background())
	if d2 != d1-time.Second {
		t.Fatalf("second worker held %v, want %v: until the same reset", d2, d1-time.Second)
	}
	ps := p.Pacing()
	if !ps.Blocked || ps.Held != 2 || ps.Sent != 50 || ps.Remaining != 0 || ps.NextIn != d2 || p.Waiting() != d2 {
		t.Fatalf("while the window is spent: %+v, waiting %v", ps, p.Waiting())
	}
	clk.advance(d2)
	clk.release <- struct{}{}
	clk.release <- struct{}{}
	var probe Ticket
	select {
	case probe = <-got1:
	case probe = <-got2:
	}
	if w := p.Waited(); w != d1 {
		t.Fatalf("waited %v, want %v: the union of the two holds", w, d1)
	}
	select {
	case tk := <-got1:
		t.Fatalf("ticket %+v handed out while the probe is out", tk)
	case tk := <-got2:
		t.Fatalf("ticket %+v handed out while the probe is out", tk)
	default:
	}
	p.Observe(probe, clio.RateLimit{Known: true, Limit: 50, Remaining: 49, Reset: clk.now().Add(time.Minute)})
	select {
	case <-got1:
	case <-got2:
	}
	burst(t, p, clk, 48)
	if ps := p.Pacing(); ps.Sent != 50 || ps.Remaining != 0 {
		t.Fatalf("second window: %+v", ps)
	}
}

// TestPacerBurstsAWindowItDidNotOpen: the run's first answer shows a window
// a previous run or a test send opened, 19 of 50 left: those go at once,
// then the run waits for the header's reset.
func TestPacerBurstsAWindowItDidNotOpen(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := newPacer(clk.now, clk.sleep)
	first := burst(t, p, clk, 1)[0]
	p.Observe(first, clio.RateLimit{Known: true, Limit: 50, Remaining: 19, Reset: start.Add(40 * time.Second)})
	burst(t, p, clk, 19)
	d, _ := held(t, p, clk, context.Background())
	if want := 41*time.Second + resetMargin; d != want {
		t.Fatalf("held %v, want %v: until the reset header's second ends", d, want)
	}
	if p.shared {
		t.Fatal("spreading instead of bursting the allowance left by earlier requests")
	}
}

// TestPacer429HoldsEveryone: a 429 holds every worker until the earlier of
// Retry-After and the reset header's second's end; then one request goes
// alone, so a wrong guess costs one 429 in the window, not one a worker.
func TestPacer429HoldsEveryone(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := openWindow(t, clk)
	tks := burst(t, p, clk, 3)
	p.Observe(tks[0], clio.RateLimit{Known: true, Limit: 50, Remaining: 0, Reset: start.Add(10 * time.Second), RetryAfter: 30 * time.Second})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	d1, got1 := held(t, p, clk, ctx)
	d2, got2 := held(t, p, clk, ctx)
	if want := 11*time.Second + resetMargin; d1 != want || d2 != want {
		t.Fatalf("held %v and %v after a 429, want %v (the reset header + 1 s, before Retry-After)", d1, d2, want)
	}
	if ps := p.Pacing(); !ps.Blocked || ps.NextIn != d1 {
		t.Fatalf("after a 429: %+v", ps)
	}
	clk.advance(d1)
	clk.release <- struct{}{}
	clk.release <- struct{}{}
	var probe Ticket
	select {
	case probe = <-got1:
	case probe = <-got2:
	}
	select {
	case tk := <-got1:
		t.Fatalf("ticket %+v went with the probe after a 429", tk)
	case tk := <-got2:
		t.Fatalf("ticket %+v went with the probe after a 429", tk)
	default:
	}
	// The window had not reset after all: the probe is refused too, and
	// holds everyone again.
	p.Observe(probe, clio.RateLimit{Known: true, Limit: 50, Remaining: 0, Reset: clk.now().Add(2 * time.Second), RetryAfter: 2 * time.Second})
	if d := <-clk.entered; d != 2*time.Second {
		t.Fatalf("held %v after the probe's 429, want 2 s", d)
	}
}

// TestPacerSharedTokenSpreads: an answer shows fewer requests left than
// this run's count allows — another client spends the window — so what
// is left is spread evenly until the reset instead of sent at once.
func TestPacerSharedTokenSpreads(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := openWindow(t, clk)
	tks := burst(t, p, clk, 10)
	// 39 left by this run's count; the server says 30 after the tenth
	// arrived, the nine others still in flight.
	p.Observe(tks[9], clio.RateLimit{Known: true, Limit: 50, Remaining: 30, Reset: start.Add(time.Minute)})
	if !p.shared || p.left != 21 {
		t.Fatalf("shared %v, %d left: want spreading the 21 left", p.shared, p.left)
	}
	burst(t, p, clk, 1)
	d, _ := held(t, p, clk, context.Background())
	reset := start.Add(time.Minute + time.Second + resetMargin)
	if want := reset.Sub(start) / 21; d != want {
		t.Fatalf("next request held %v, want %v (the time to the reset over the 21 left)", d, want)
	}
	if ps := p.Pacing(); ps.Blocked || ps.Held != 1 || ps.NextIn != d {
		t.Fatalf("while spreading: %+v", ps)
	}
}

// TestPacerWaitedIsTheUnionOfRealWaits: three workers held at once for the
// reset; after 20 s the run stops (Ctrl-C, pause) and they give up. The
// time spent waiting is 20 s — the wall-clock time during which a worker
// was held — not the sum of the three waits, nor the wait they gave up.
// Waiting for a probe's answer is not a wait for the limit.
func TestPacerWaitedIsTheUnionOfRealWaits(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	clk := newPacerClock(start)
	p := openWindow(t, clk)
	for _, tk := range burst(t, p, clk, 49) {
		p.Cancel(tk)
	}
	ctx, stop := context.WithCancel(context.Background())
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := p.Acquire(ctx)
			errs <- err
		}()
	}
	for range 3 {
		<-clk.entered
	}
	if w := p.Waited(); w != 0 {
		t.Fatalf("waited %v before any time passed", w)
	}
	clk.advance(20 * time.Second)
	if w := p.Waited(); w != 20*time.Second {
		t.Fatalf("while three workers are held for 20 s: waited %v (the union, not the sum)", w)
	}
	stop()
	for range 3 {
		if err := <-errs; err == nil {
			t.Fatal("a worker whose run stopped got its turn")
		}
	}
	clk.advance(time.Minute)
	if w := p.Waited(); w != 20*time.Second {
		t.Fatalf("waited %v after the run stopped, want 20 s", w)
	}
	// The next window's probe is out for 5 s: a worker waiting for its
	// answer adds nothing.
	probe := burst(t, p, clk, 1)[0]
	got := make(chan Ticket, 1)
	go func() {
		tk, _ := p.Acquire(context.Background())
		got <- tk
	}()
	for p.Pacing().Held == 0 {
		runtime.Gosched() // until the worker waits for the probe
	}
	clk.advance(5 * time.Second)
	p.Observe(probe, clio.RateLimit{Known: true, Limit: 50, Remaining: 49, Reset: clk.now().Add(time.Minute)})
	<-got
	if w := p.Waited(); w != 20*time.Second {
		t.Fatalf("waited %v after a probe's answer took 5 s, want 20 s", w)
	}
}

// TestProgressShowsTheResetWait: against the sandbox's 5 requests a minute,
// a run of 20 sends 5 at once, then the Progress events say the workers
// wait for the reset: blocked, 5 sent, about a minute to go. The pacer's
// clock is fake, and the sandbox's is the same one, so the reset its headers
// give is a minute from the pacer's now however long the run takes to start
// on a loaded machine; held workers wait until the run is stopped.
func TestProgressShowsTheResetWait(t *testing.T) {
	clk := newPacerClock(time.Now())
	clk.entered = nil
	e := startSandbox(t, sandbox.Config{RateLimit: 5, RateWindow: time.Minute, Now: clk.now})
	d, file := activityDest(t, 20, nil)
	l := openLedger(t, d, file)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := make(chan Progress, 1)
	var once sync.Once
	events := func(ev Event) {
		if p, ok := ev.(Progress); ok && p.Pacing.Blocked && p.Pacing.Held > 0 {
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
	if p.Pacing.Limit != 5 || p.Pacing.Sent != 5 || p.Pacing.NextIn < 55*time.Second || p.Pacing.NextIn > 62*time.Second || p.Waiting < 55*time.Second {
		t.Errorf("progress while the window is spent: %+v", p)
	}
	cancel()
	r := <-done
	if r.s.Requests != 5 || r.s.RateLimitWait > r.s.Elapsed {
		t.Errorf("summary %+v", r.s)
	}
}
