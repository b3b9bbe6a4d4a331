package deliver

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
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
	c.entered <- d
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
