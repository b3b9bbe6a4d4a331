package deliver

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// A run that read its whole Nexset knows which records delivered before
// are absent now (removed): a keyed file's by its keys read ahead
// (flow.KeySet), a keyless one's as the delivered positions past its end.
// They are counted in the summary. With on_remove: delete, confirmed for
// the run (Options.DeleteRemoved: --yes, the wizard's question), their
// objects are deleted in Clio by the collection's delete, paced like every
// request, and their rows leave the ledger once Clio confirms (a 404: gone
// already). A DELETE is idempotent: a crash before the row is forgotten
// only sends it again next time, answered 404.

// finishSync counts the removed records and, when asked, deletes their
// objects. It runs once every record was read and dispatched.
func (e *engine) finishSync(readAll bool) error {
	rule := flowsync.KeepRemoved
	if e.o.DeleteRemoved {
		rule = flowsync.DeleteRemoved
	}
	e.count(func(s *Summary) { s.OnRemove = string(rule) })
	if !readAll || e.o.Follow || e.o.Destination.NexsetPath() == "-" || e.sync.delivered0 == 0 {
		return nil
	}
	var removed int
	switch {
	case e.keys != nil:
		e.mu.Lock()
		removed = e.sync.delivered0 - e.sync.matched
		e.mu.Unlock()
	case e.byPos:
		n, err := e.o.Ledger.DeliveredPast(e.recordsRead())
		if err != nil {
			return fmt.Errorf("counting removed records: %w", err)
		}
		removed = n
	default:
		return nil // a keyed stream: which keys are absent is not known
	}
	e.count(func(s *Summary) { s.Removed = max(0, removed) })
	if removed <= 0 || !e.o.DeleteRemoved || e.dry {
		return nil
	}
	return e.deleteRemoved()
}

// isRemoved reports whether a delivered row's record is absent now.
func (e *engine) isRemoved(en ledger.Entry, records int) bool {
	if e.keys != nil {
		return !e.keys.Has(en.Key)
	}
	return en.Pos > records
}

// deleteRemoved deletes the objects of the removed records, one by one.
func (e *engine) deleteRemoved() error {
	records := e.recordsRead()
	var gone []ledger.Entry
	err := e.o.Ledger.Each(ledger.Delivered, func(en ledger.Entry) error {
		if e.isRemoved(en, records) && en.ClioID != 0 {
			gone = append(gone, en)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing removed records: %w", err)
	}
	for _, en := range gone {
		if e.stopping() {
			return nil
		}
		if err := e.deleteOne(en); err != nil {
			e.count(func(s *Summary) { s.DeleteFailed++ })
			e.emit(RecordFailed{Pos: en.Pos, Line: en.Line, Key: en.Key, State: string(ledger.Delivered),
				Message: fmt.Sprintf("key %s was removed from the Nexset; deleting its Clio object %d failed: %v (the ledger keeps it; the next run tries again)", en.Key, en.ClioID, err)})
			continue
		}
		if err := e.o.Ledger.ForgetDeleted(en.Key, en.ClioID); err != nil {
			return fmt.Errorf("the ledger could not forget removed key %s, whose Clio object %d was deleted: %w", en.Key, en.ClioID, err)
		}
		e.count(func(s *Summary) { s.Deleted++ })
	}
	return nil
}

// deleteOne sends the DELETE of a removed record's object, paced and
// retried as any idempotent request; a 404 is success (gone already).
func (e *engine) deleteOne(en ledger.Entry) error {
	c, err := e.planner.DeleteCall(en.ClioID)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		t, err := e.o.Pacer.Acquire(e.waitCtx)
		if err != nil {
			return fmt.Errorf("not sent: %w", err)
		}
		resp, err := e.o.Client.Do(e.sendCtx, c.Request())
		e.count(func(s *Summary) {
			s.Requests++
			if attempt > 1 {
				s.Retries++
			}
		})
		status := 0
		if resp != nil {
			status = resp.Status
			e.o.Pacer.Observe(t, resp.RateLimit)
		} else {
			e.o.Pacer.Cancel(t)
		}
		var ae *clio.APIError
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return nil
		}
		switch classify(c.Method, status, err) {
		case vDelivered:
			return nil
		case vRetry:
			if attempt < e.o.MaxAttempts && !e.stopping() {
				var ra = e.o.Backoff.Wait(attempt+1, 0)
				if serr := sleepCtx(e.waitCtx, ra); serr != nil {
					return fmt.Errorf("not sent: %w", serr)
				}
				continue
			}
		}
		if err == nil {
			err = fmt.Errorf("status %d", status)
		}
		return err
	}
}
