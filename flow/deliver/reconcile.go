package deliver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/ledger"
)

// A POST in doubt (retry --in-doubt) is not sent as it is read: it is held
// until every other request of the run has been answered, so that no
// object this run is creating can be taken for the one it is looking for.
// Then the held records are looked up in Clio, one listing per group of
// identical requests, and each is claimed, kept in doubt, or sent.

// doubtMargin widens created_since below a record's first attempt: our
// clock and Clio's may disagree, and a real object left out would be
// created twice.
const doubtMargin = time.Hour

// hold keeps a single-record POST that is in doubt for settleHeld; it
// reports whether it did.
func (e *engine) hold(j *job) bool {
	if len(j.items) != 1 || j.call.Method != http.MethodPost {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.doubt[j.call.Records[0].Key]; !ok {
		return false
	}
	e.held = append(e.held, j)
	return true
}

// settleHeld settles the held records once the rest of the run is done:
// each group of identical requests (same path, same body) is looked up
// once. Found objects that no record holds are claimed, at most one per
// record of the group; more candidates than records means Clio holds
// look-alikes this run cannot tell apart, so the group stays in doubt with
// the candidates listed. Records left without an object are sent.
func (e *engine) settleHeld(runErr error) {
	held := e.held
	e.held = nil
	if len(held) == 0 {
		return
	}
	var groups [][]*job
	at := map[string]int{}
	for _, j := range held {
		k := j.call.Path + "\x00" + string(j.call.Body)
		i, ok := at[k]
		if !ok {
			i = len(groups)
			at[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], j)
	}
	var send []*job
	for _, g := range groups {
		if runErr != nil || e.stopping() {
			e.count(func(s *Summary) { s.InDoubt += len(g) }) // untouched: still in doubt in the ledger
			continue
		}
		ids, err := e.candidates(g)
		var uc *uncheckable
		switch {
		case errors.As(err, &uc):
			e.settle(g, ledger.InDoubt, 0, err)
		case err != nil:
			e.settle(g, ledger.InDoubt, 0, fmt.Errorf("could not be checked in Clio: %w", err))
		case len(ids) > len(g):
			e.settle(g, ledger.InDoubt, 0, fmt.Errorf("several objects match: decide by hand (Clio ids %s; %d record(s) in doubt sent the same): delete in Clio those that are not this record's, then retry --in-doubt claims what is left or sends it again", idList(ids), len(g)))
		default:
			for i, j := range g {
				if i < len(ids) {
					e.settle([]*job{j}, ledger.Delivered, ids[i], nil)
					continue
				}
				send = append(send, j)
			}
		}
	}
	if len(send) == 0 {
		return
	}
	jobs := make(chan *job)
	wait := e.work(jobs)
	for i, j := range send {
		select {
		case jobs <- j:
			continue
		case <-e.stop:
		}
		e.count(func(s *Summary) { s.InDoubt += len(send) - i }) // not sent: still in doubt in the ledger
		break
	}
	close(jobs)
	wait()
}

// settle records the outcome of a look-up for each job: Delivered with
// the object claimed, or InDoubt with the reason.
func (e *engine) settle(g []*job, st ledger.State, id int64, reason error) {
	for _, j := range g {
		c := j.call
		if err := e.o.Ledger.MarkInFlight(e.entries(c)); err != nil {
			e.halt(fmt.Errorf("marking records %s in flight (nothing was sent): %w", refs(c.Records), err))
			return
		}
		var body []byte
		if st == ledger.Delivered {
			e.mu.Lock()
			e.claimed[id] = true
			e.mu.Unlock()
			body, _ = json.Marshal(map[string]any{"data": map[string]any{"id": id}})
			e.count(func(s *Summary) { s.Reconciled++ })
			if len(j.items) == 1 {
				if err := e.rememberCreated(j.items[0], id); err != nil {
					e.halt(err)
					return
				}
			}
		}
		if !e.record(c, st, 0, body, reason) {
			return
		}
	}
}

// candidates lists the objects of the group's collection that match the
// body sent on every attribute, created since the group's first attempt
// (less doubtMargin), that no record holds: none in the ledger (where
// every create this run delivered already is, since the run's other
// requests have all been answered) and none claimed in this run. Ids come
// back sorted.
func (e *engine) candidates(g []*job) ([]int64, error) {
	c := g[0].call
	data, err := sentData(c.Body)
	if err != nil {
		return nil, err
	}
	fields, names, err := selection(e.planner.Operation(), data)
	if err != nil {
		return nil, err
	}
	path, _, _ := strings.Cut(c.Path, "?")
	e.mu.Lock()
	since := e.doubt[c.Records[0].Key]
	for _, j := range g[1:] {
		if t := e.doubt[j.call.Records[0].Key]; t.Before(since) {
			since = t
		}
	}
	e.mu.Unlock()
	q := scope(clio.ListFilters(path), data, since.Add(-doubtMargin))
	q.Set("fields", "id,"+fields)

	var ids []int64
	err = e.readPaced(func() error {
		ids = ids[:0]
		return e.o.Client.List(e.sendCtx, path, q, func(raw json.RawMessage) error {
			obj, id, err := objectOf(raw)
			if err != nil {
				return err
			}
			for _, n := range names {
				if !sameAs(data[n], obj[n]) {
					return nil
				}
			}
			ids = append(ids, id)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	held, err := e.o.Ledger.HeldIDs(ids)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	e.mu.Lock()
	ids = slices.DeleteFunc(ids, func(id int64) bool {
		_, inLedger := held[id]
		return inLedger || e.claimed[id]
	})
	e.mu.Unlock()
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
