package deliver

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// readPaced runs a read of Clio (a listing, a GET) as the run's requests
// go: through the pacer, counted, its answer observed; a 429 or a passing
// server error is waited out like any request's, within --max-attempts
// (the pacer holds everyone through a 429's Retry-After). A refused token
// stops the run. fn makes one attempt and is called again after a wait.
func (e *engine) readPaced(fn func() error) error {
	for attempt := 1; ; attempt++ {
		t, err := e.o.Pacer.Acquire(e.waitCtx)
		if err != nil {
			return fmt.Errorf("not read: %w", err)
		}
		sent := time.Now()
		rerr := fn()
		rl := e.o.Client.LastRateLimit()
		if statusOf(rerr) != http.StatusTooManyRequests {
			rl.RetryAfter = 0 // only a 429 holds every worker
		}
		e.o.Pacer.Observe(t, rl)
		e.count(func(s *Summary) { s.Requests++ })
		if rerr == nil {
			e.observe(sent, http.StatusOK, nil)
			return nil
		}
		if why := e.tokenRefused(rerr); why != "" {
			e.stopRun(why)
			return rerr
		}
		e.observe(sent, statusOf(rerr), rerr)
		if !clio.IsRetryable(rerr) || attempt >= e.o.MaxAttempts || e.stopping() {
			return rerr
		}
		e.count(func(s *Summary) { s.Retries++ })
		var ra time.Duration
		var ae *clio.APIError
		if errors.As(rerr, &ae) && statusOf(rerr) != http.StatusTooManyRequests {
			ra = ae.RetryAfter
		}
		if serr := sleepCtx(e.waitCtx, e.o.Backoff.Wait(attempt+1, ra)); serr != nil {
			return rerr
		}
	}
}
