package deliver

import (
	"context"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestRateLimitUsedFully: 60 requests per 2 s window, 600 creates. The ideal
// is 10 windows, 20 s; the figure is reported, not asserted (timing is the
// machine's). What is asserted, from the sandbox's log: at most one 429 per
// window.
func TestRateLimitUsedFully(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 20 s")
	}
	const n = 600
	e := startSandbox(t, sandbox.Config{RateLimit: 60, RateWindow: 2 * time.Second})
	d, file := activityDest(t, n, nil)
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered != n {
		t.Fatalf("summary %+v", s)
	}
	es := e.log.entries(t)
	first := es[0].Time
	per := map[int]int{}
	total := 0
	for _, le := range es {
		if le.Status == 429 {
			per[int(le.Time.Sub(first)/(2*time.Second))]++
			total++
		}
	}
	for w, c := range per {
		if c > 1 {
			t.Errorf("window %d: %d answers 429", w, c)
		}
	}
	t.Logf("600 creates at 60 per 2 s: %s (ideal 20 s), %d requests, %d answered 429, %s waiting on the limit",
		s.Elapsed.Round(10*time.Millisecond), s.Requests, total, s.RateLimitWait.Round(10*time.Millisecond))
}
