package deliver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// max429 bounds the 429s one call may meet: they do not count as attempts
// (the pacer, not the record, was wrong), but a server that answers nothing
// else must not hold a worker forever.
const max429 = 50

// send delivers one call: mark in flight, wait for the pacer, send, record
// the outcome; retry while the policy allows.
func (e *engine) send(j *job) {
	if e.stopping() {
		return // not started: its records stay pending
	}
	c := j.call
	entries := e.entries(c)
	if err := e.noteFindValue(j); err != nil {
		e.halt(fmt.Errorf("keeping record %s's find-by value (nothing was sent): %w", refs(c.Records), err))
		return
	}
	attempt, limited := 0, 0
	var req clio.Request
	for {
		attempt++
		if err := e.o.Ledger.MarkInFlight(entries); err != nil {
			var se *ledger.StateError
			if errors.As(err, &se) {
				// Another record of this Nexset carries the same key: the
				// ledger cannot tell them apart, so it is not sent.
				e.duplicateKey(c, se)
				return
			}
			e.halt(e.ledgerAdvice(fmt.Errorf("marking records %s in flight (nothing was sent): %w", refs(c.Records), err)))
			return
		}
		if attempt == 1 {
			if err := e.customValueIDs(j); err != nil {
				e.notUpdated(c, err)
				return
			}
			c = j.call
			req = c.Request()
			if j.ifMatch != "" {
				req.IfMatch = j.ifMatch
			}
		}
		t, err := e.o.Pacer.Acquire(e.waitCtx)
		if err == nil && e.stopping() {
			e.o.Pacer.Cancel(t) // the run stopped while this one waited: not a request more
			err = errors.New("the run stopped")
		}
		if err != nil {
			e.record(c, ledger.Pending, 0, nil, fmt.Errorf("not sent: %w", err))
			return
		}
		sent := time.Now()
		resp, err := e.o.Client.Do(e.sendCtx, req)
		e.count(func(s *Summary) {
			s.Requests++
			if attempt > 1 {
				s.Retries++
			}
		})
		status := 0
		var body []byte
		var header http.Header
		if resp != nil {
			status, body, header = resp.Status, resp.Body, resp.Header
			rl := resp.RateLimit
			if status != http.StatusTooManyRequests {
				rl.RetryAfter = 0 // a 503's Retry-After holds this request, not everyone
			}
			e.o.Pacer.Observe(t, rl)
		} else {
			e.o.Pacer.Cancel(t)
		}
		if why := e.tokenRefused(err); why != "" {
			// Nothing can be sent with this credential: this record and
			// the rest stay pending for a run after the next login.
			e.record(c, ledger.Pending, status, body, err)
			e.stopRun(why)
			return
		}
		e.observe(sent, status, err)
		if status == http.StatusPreconditionFailed && req.IfMatch != "" {
			// Changed in Clio since our last write, or by our own lost
			// attempt: conflict.go tells which.
			if req.IfMatch = e.preconditionFailed(j, status, body, err); req.IfMatch == "" {
				return
			}
			continue
		}
		v := classify(c.Method, status, err)
		if v == vRetry && status == http.StatusTooManyRequests && limited < max429 {
			limited++
			attempt-- // the pacer's miss, not the record's
		}
		if v == vRetry && (attempt >= e.o.MaxAttempts || e.stopping()) {
			if e.stopping() || neverSent(err) {
				// Stopped, or it never reached Clio: not a failure of the
				// record, so the next run sends it.
				e.record(c, ledger.Pending, status, body, err)
				return
			}
			v = vFailed
			err = fmt.Errorf("gave up after %d attempts: %w", attempt, err)
		}
		switch v {
		case vDelivered:
			if err := noObject(c.Method, status, header, body, len(c.Records)); err != nil {
				// No object shown: a create may have made one, an update is not confirmed.
				st := ledger.Failed
				if c.Method == http.MethodPost {
					st = ledger.InDoubt
				}
				e.record(c, st, status, body, err)
				e.hooks.put(e.o.Destination.ResponseDoc(c, status, body, err, time.Now()))
				return
			}
			e.record(c, ledger.Delivered, status, body, nil)
			if j.overwrite {
				e.count(func(s *Summary) { s.Overwritten += len(c.Records) })
			}
			e.hooks.put(e.o.Destination.ResponseDoc(c, status, body, nil, time.Now()))
			return
		case vFailed:
			if err == nil {
				err = fmt.Errorf("status %d", status)
			}
			e.record(c, ledger.Failed, status, body, err)
			e.hooks.put(e.o.Destination.ResponseDoc(c, status, body, err, time.Now()))
			return
		case vInDoubt:
			e.record(c, ledger.InDoubt, status, body, err)
			e.hooks.put(e.o.Destination.ResponseDoc(c, status, body, err, time.Now()))
			return
		}
		// Retry: certainly not applied (or idempotent). Leave it pending
		// while waiting, so a crash now loses nothing and doubts nothing.
		if !e.record(c, ledger.Pending, status, body, err) {
			return
		}
		var ra time.Duration
		var ae *clio.APIError
		if errors.As(err, &ae) {
			ra = ae.RetryAfter
		}
		if status == http.StatusTooManyRequests {
			ra = 0 // the pacer holds everyone until Retry-After
		}
		if serr := sleepCtx(e.waitCtx, e.o.Backoff.Wait(attempt+1, ra)); serr != nil || e.stopping() {
			return
		}
	}
}

// entries are the ledger rows a call marks in flight.
func (e *engine) entries(c flow.Call) []ledger.Entry {
	out := make([]ledger.Entry, len(c.Records))
	for i, r := range c.Records {
		out[i] = ledger.Entry{Key: r.Key, Pos: r.Pos, Line: r.Line, Method: c.Method, URL: c.URL, Run: e.run, ContentHash: r.Hash}
	}
	return out
}

// record writes a call's outcome for every record it carries and counts
// it. It returns false when the ledger could not be written (the run halts).
func (e *engine) record(c flow.Call, st ledger.State, status int, body []byte, err error) bool {
	ids, etags := clioIDs(body, len(c.Records)), etagsOf(body, len(c.Records))
	outs := make([]ledger.Outcome, len(c.Records))
	typ, msg, seen := "", "", ""
	ec := conflictOf(err)
	if err != nil {
		msg = err.Error()
		var ae *clio.APIError
		if errors.As(err, &ae) {
			typ = ae.Type
			if ae.Message != "" {
				msg = ae.Message
			}
		}
		if typ == "" {
			typ = causeOf(err)
		}
		msg += e.goneHint(c, status)
		if ec != nil {
			typ, seen = ledger.ConflictType, ec.seen
		}
	}
	for i, r := range c.Records {
		if ec != nil && ids[i] == 0 {
			ids[i] = ec.id // the object stays the record's: retry --overwrite-conflicts updates it
		}
		outs[i] = ledger.Outcome{Key: r.Key, State: st, HTTPStatus: status, ClioID: ids[i], ErrType: typ, ErrMessage: msg, Fingerprint: r.Print, Basis: r.Basis,
			ETag: etags[i], SeenETag: seen}
	}
	if werr := e.o.Ledger.Record(outs); werr != nil {
		e.unrecorded(c, st, werr)
		return false
	}
	n := len(c.Records)
	switch st {
	case ledger.Delivered:
		existing := e.updatesExisting(c)
		e.count(func(s *Summary) {
			s.Delivered += n
			switch {
			case existing:
				s.UpdatedExisting += n
			case e.isUpdate(c):
				s.Updated += n
			case c.Method == http.MethodPost:
				s.Created += n
			}
		})
	case ledger.Failed:
		e.count(func(s *Summary) {
			s.Failed += n
			if ec != nil {
				s.Conflicts += n
			}
		})
	case ledger.InDoubt:
		e.count(func(s *Summary) { s.InDoubt += n })
	}
	if st == ledger.Failed && ec != nil {
		for _, r := range c.Records {
			e.emit(RecordConflict{Pos: r.Pos, Line: r.Line, Key: r.Key, ClioID: ec.id, Differs: ec.differs, Action: ConflictKept, Message: msg})
		}
	} else if st == ledger.Failed || st == ledger.InDoubt {
		for _, r := range c.Records {
			e.emit(RecordFailed{Pos: r.Pos, Line: r.Line, Key: r.Key, Status: status, State: string(st), Message: msg})
		}
	}
	return true
}

func (e *engine) duplicateKey(c flow.Call, se *ledger.StateError) {
	e.count(func(s *Summary) { s.Failed += len(c.Records) })
	for _, r := range c.Records {
		e.emit(RecordFailed{Pos: r.Pos, Line: r.Line, Key: r.Key, State: string(ledger.Failed),
			Message: fmt.Sprintf("not sent: another record with key %q is %s (keys must be unique in a Nexset)", se.Key, se.State)})
	}
}

// causeOf names a failure without an answer in a word, for the ledger.
func causeOf(err error) string {
	switch {
	case neverSent(err):
		return "connection"
	case clio.IsRetryable(err):
		return "network"
	}
	return "local"
}

// clioIDs reads Clio's ids from an answer: data.id for one object,
// data[i].id for a batch answered with an array.
func clioIDs(body []byte, n int) []int64 {
	ids := make([]int64, n)
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return ids
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(body, &env) != nil {
		return ids
	}
	type obj struct {
		ID int64 `json:"id"`
	}
	var one obj
	if json.Unmarshal(env.Data, &one) == nil && n == 1 {
		ids[0] = one.ID
		return ids
	}
	var many []obj
	if json.Unmarshal(env.Data, &many) == nil {
		for i := 0; i < n && i < len(many); i++ {
			ids[i] = many[i].ID
		}
	}
	return ids
}

func refs(rs []flow.RecordRef) string {
	if len(rs) == 1 {
		return fmt.Sprintf("%d", rs[0].Pos)
	}
	if len(rs) == 0 {
		return "(none)"
	}
	return fmt.Sprintf("%d–%d", rs[0].Pos, rs[len(rs)-1].Pos)
}
