package deliver

import (
	"context"
	"time"

	"errors"
	"fmt"
	"net/http"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// A run resolves lookup conversions (flow/lookup) as records are prepared,
// before anything is sent: each request through the pacer, like a write;
// found values cached in the ledger.

// newLookups makes the run's resolver, or nil when the mapping looks
// nothing up or there is no client (a dry run without credential: its
// samples say "looked up when sent").
func (e *engine) newLookups() (*lookup.Resolver, error) {
	if !e.o.Destination.HasLookups() || e.o.Client == nil {
		if !e.dry && e.o.Destination.HasLookups() {
			return nil, errors.New("deliver: the mapping looks up IDs in Clio and there is no client")
		}
		return nil, nil
	}
	if e.o.RefreshLookups {
		if err := e.o.Ledger.ForgetLookups(); err != nil {
			return nil, fmt.Errorf("forgetting the cached lookups: %w", err)
		}
	}
	return lookup.NewResolver(lookup.Options{
		Client:   e.o.Client,
		Gate:     e.lookupGate,
		Cache:    lookupCache{e.o.Ledger},
		Attempts: e.o.MaxAttempts,
		Backoff:  func(n int) time.Duration { return e.o.Backoff.Wait(n, 0) },
	}), nil
}

// lookupGate admits a look-up request through the pacer and observes its
// answer's rate-limit headers, as a write's.
func (e *engine) lookupGate(ctx context.Context) (func(error), error) {
	t, err := e.o.Pacer.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	sent := time.Now()
	return func(err error) {
		e.count(func(s *Summary) { s.Requests++; s.Lookups++ })
		// A refused token or a Clio out of reach stops the run, as for writes.
		if why := e.tokenRefused(err); why != "" {
			e.stopRun(why)
		} else {
			e.observe(sent, statusOf(err), err)
		}
		var ae *clio.APIError
		if err != nil && !errors.As(err, &ae) {
			e.o.Pacer.Cancel(t) // no answer: nothing to learn
			return
		}
		rl := e.o.Client.LastRateLimit()
		if ae == nil || ae.Status != http.StatusTooManyRequests {
			rl.RetryAfter = 0
		}
		e.o.Pacer.Observe(t, rl)
	}, nil
}

// lookupCache is the ledger as flow/lookup's cache.
type lookupCache struct{ l *ledger.Ledger }

func (c lookupCache) Cached(s lookup.Spec, v string) (lookup.Match, bool, error) {
	lk, ok, err := c.l.CachedLookup(s.Collection, s.Field, v)
	return lookup.Match{ID: lk.ClioID, Label: lk.Label}, ok, err
}

func (c lookupCache) Remember(s lookup.Spec, v string, m lookup.Match) error {
	return c.l.RememberLookup(ledger.Lookup{Collection: s.Collection, Field: s.Field, Value: v, ClioID: m.ID, Label: m.Label})
}

// unanswered reports whether err is a look-up Clio did not answer (the
// network, a refused token, 5xx or 429 answers past their retries): that is
// not the record's fault, so the record is not failed but stays pending,
// and the run stops as it does when a write gets no answer (stop.go): what
// is looked up next would meet the same. A run stopped already (the gate
// saw the refused token or the silence, or the run was interrupted) keeps
// its reason.
func (e *engine) unanswered(err error) bool {
	var re *lookup.RequestError
	if !errors.As(err, &re) {
		return false
	}
	e.count(func(s *Summary) { s.unanswered++ })
	if !e.stopping() {
		e.stopRun(unansweredWhy(re.Err))
	}
	return true
}

// unansweredWhy says why a look-up got no answer, as the stop rule words it.
func unansweredWhy(err error) string {
	if statusOf(err) == 0 && unreachable(err) {
		return fmt.Sprintf("Clio cannot be reached (%s)", connCause(err))
	}
	return fmt.Sprintf("Clio did not answer a look-up: %v", err)
}

// resolved makes a record about to be sent with its lookups. Every record
// read is prepared first without them (e.prep), so records the ledger says
// are settled, or not this mode's business, look nothing up.
func (e *engine) resolved(rec nexset.Record, it flow.Item) (flow.Item, *flow.RecordFailure) {
	if e.prep == e.planner {
		return it, nil
	}
	it, f := e.planner.Prepare(rec)
	if f != nil {
		return it, f
	}
	if len(it.Problems) > 0 {
		rej := e.planner.Reject(it)
		return it, &rej
	}
	return it, nil
}
