package deliver

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/lookup"
)

// Find-or-create (flow's find_by) in a run. Before a record is created, the
// object it would duplicate is looked for: in what this run created or
// found, then in the ledger's look-up cache, then in Clio (flow/lookup: one
// request per distinct value, through the pacer). None: the record is
// created. One: it is updated, skipped or failed, as on_exists says.
// Several: it fails as ambiguous.
//
// Clio's search lags behind new objects, so a record whose value an earlier
// record of this run is creating never asks Clio: it waits, in a queue of
// its value, until that create is answered, and then updates the object
// made (or, when the create failed, creates in its place). When the create
// is in doubt the waiting records stay pending: nothing is created twice.
// An update of the object found (or made) leads its value the same way: it
// is sent with If-Match, the etag of the look-up's answer (or of the
// create, or of the update before it in this run; for an object found in
// the look-up cache, of cliodest's last write of it in the ledger), and the
// value's next record waits for its answer, which brings the etag it sends.
// A 412 is settled as for the update of a changed record (conflict.go).
// A create in doubt from an earlier run holds its value's records back
// wherever they are in the file (findDoubts, from the ledger before sending).
// The worker that answered the create works the queue itself, in file
// order, so waiting holds no worker and no reader.

// finder is the run's find-or-create state.
type finder struct {
	spec lookup.Spec
	rule flow.OnExists

	// step serialises the decisions of findStep (the reader's and workers'
	// alike), so two records of one value cannot both see no object and
	// both create; look-ups are made one at a time anyway (flow/lookup).
	step sync.Mutex
	mu   sync.Mutex
	vals map[string]*findState // compared value → what this run knows of it
	// exists holds the keys whose PATCH updates an object found (not one
	// this record created), so the summary tells them from sync's updates.
	exists map[string]bool
}

// findState is what the run knows of one find-by value.
type findState struct {
	obj   lookup.Match // the object: found, or created in this run (ID 0: none yet; -1: a dry run's create), with its last etag known
	lead  string       // key of the record whose create or update is in flight ("" when none)
	doubt string       // the record whose create is in doubt: the value's records wait for it
	queue []flow.Item  // records waiting for lead's create
}

// startFind readies find-or-create, when the destination has find_by.
func (e *engine) startFind() {
	s, _, ok := e.planner.FindSpec()
	if !ok {
		return
	}
	e.find = &finder{spec: s, rule: e.planner.ExistsRule(), vals: map[string]*findState{}, exists: map[string]bool{}}
	e.s.FindBy = s.String()
}

// finds reports whether it is to be found before it is created: the run
// finds (a dry run too: look-ups are reads), and the record is no update of its own object nor a create in
// doubt being settled (reconcile.go).
func (e *engine) finds(it flow.Item) bool {
	if e.find == nil || it.Ref.Find == "" || e.lookups == nil {
		return false
	}
	e.mu.Lock()
	_, doubt := e.doubt[it.Ref.Key]
	e.mu.Unlock()
	return !doubt
}

// findStep decides what a record to be found does now: the job to send (its
// create, or the PATCH of the object found), or nil when it is settled
// here (skipped, failed), waits for another record's create, or stays
// pending.
func (e *engine) findStep(it flow.Item) (*job, error) {
	e.find.step.Lock()
	defer e.find.step.Unlock()
	return e.decideFind(it)
}

// decideFind is findStep's decision, made with find.step held.
func (e *engine) decideFind(it flow.Item) (*job, error) {
	f := e.find
	v := it.Ref.Find
	f.mu.Lock()
	st := f.vals[v]
	if st == nil {
		st = &findState{}
		f.vals[v] = st
	}
	switch {
	case st.lead != "":
		st.queue = append(st.queue, it)
		f.mu.Unlock()
		return nil, nil
	case st.doubt != "":
		f.mu.Unlock()
		e.findPending(it, st.doubt)
		return nil, nil
	case st.obj.ID < 0:
		f.mu.Unlock()
		return e.createJob(it) // a dry run: it would update what an earlier record creates (counted as a request)
	case st.obj.ID != 0:
		m := st.obj
		f.mu.Unlock()
		return e.updateFound(st, it, m)
	}
	f.mu.Unlock()

	// Not met in this run: the ledger's cache, then Clio.
	m, err := e.lookups.Resolve(e.waitCtx, f.spec, it.Find)
	var nf *lookup.NotFoundError
	var amb *lookup.AmbiguousError
	switch {
	case errors.As(err, &nf):
		e.count(func(s *Summary) { s.findMisses++ })
		f.mu.Lock()
		if e.dry {
			st.obj.ID = -1 // nothing is created: later records of the value would update it
		} else {
			st.lead = it.Ref.Key
		}
		f.mu.Unlock()
		return e.createJob(it)
	case errors.As(err, &amb):
		e.count(func(s *Summary) { s.Ambiguous++ })
		e.findFail(it, fmt.Sprintf("find_by %s: %v; nothing is created", f.spec, err))
		return nil, nil
	case err != nil:
		if e.unanswered(err) || e.stopping() {
			return nil, nil // Clio did not answer, or the run stopped: the record stays pending
		}
		e.findFail(it, fmt.Sprintf("find_by %s could not look %q up, so it is not created: %v", f.spec, it.Find, err))
		return nil, nil
	}
	f.mu.Lock()
	st.obj = m
	f.mu.Unlock()
	return e.updateFound(st, it, m)
}

// updateFound is exists; the update it returns leads the value, so the
// value's next record waits for its answer (and the etag it brings).
func (e *engine) updateFound(st *findState, it flow.Item, m lookup.Match) (*job, error) {
	j, err := e.exists(it, m)
	if j != nil && !e.dry {
		e.find.mu.Lock()
		st.lead = it.Ref.Key
		e.find.mu.Unlock()
	}
	return j, err
}

// exists handles a record whose object is already in Clio, as on_exists says.
func (e *engine) exists(it flow.Item, m lookup.Match) (*job, error) {
	f := e.find
	what := fmt.Sprintf("%s, found by %s %s", f.spec.Describe(m), f.spec.Field, it.Find)
	switch f.rule {
	case flow.ExistsSkip:
		e.count(func(s *Summary) { s.Skipped++; s.SkippedExisting++ })
		return nil, nil
	case flow.ExistsFail:
		e.findFail(it, fmt.Sprintf("already in Clio as %s, and on_exists is fail", what))
		return nil, nil
	}
	c, err := e.planner.UpdateCall(it, m.ID)
	if err == nil && len(c.Problems) > 0 {
		err = errors.New(strings.Join(c.Problems, "; "))
	}
	if err != nil {
		e.findFail(it, fmt.Sprintf("already in Clio as %s, and its update is refused: %v", what, err))
		return nil, nil
	}
	j := &job{call: c, items: []flow.Item{it}, target: m.ID, ifMatch: m.ETag}
	if j.ifMatch == "" && !e.dry {
		// Found in the look-up cache: the etag of cliodest's last write, if any.
		if j.ifMatch, err = e.o.Ledger.LastETag(m.ID); err != nil {
			return nil, fmt.Errorf("reading the ledger: %w", err)
		}
	}
	f.mu.Lock()
	f.exists[it.Ref.Key] = true
	f.mu.Unlock()
	return j, nil
}

// createJob is the create of a record nothing was found for.
func (e *engine) createJob(it flow.Item) (*job, error) {
	calls, err := e.planner.Calls([]flow.Item{it})
	if err != nil {
		return nil, err
	}
	return &job{call: calls[0], items: []flow.Item{it}}, nil
}

// updatesExisting reports whether c is the PATCH of an object found.
func (e *engine) updatesExisting(c flow.Call) bool {
	if e.find == nil || c.Method != http.MethodPatch || len(c.Records) != 1 {
		return false
	}
	e.find.mu.Lock()
	defer e.find.mu.Unlock()
	return e.find.exists[c.Records[0].Key]
}

// afterFind follows a sent job whose record was to be found: while the
// job led its value, the value's waiting records are worked here, in file
// order, by this worker, each sent before the next is decided.
func (e *engine) afterFind(j *job) {
	for j = e.nextFound(j); j != nil; j = e.nextFound(j) {
		e.send(j)
	}
}

// nextFound settles what sent job j tells of its record's value. A create
// delivered is remembered as the value's object, an update delivered
// brings its etag. When j led the value, the value now has an object, a
// create in doubt, or none (refused, or not sent); the records that waited
// are decided in order until one is to be sent: it is returned, leading
// the rest.
func (e *engine) nextFound(j *job) *job {
	if e.find == nil || len(j.items) != 1 || j.items[0].Ref.Find == "" {
		return nil
	}
	post := j.call.Method == http.MethodPost
	if !post && !e.updatesExisting(j.call) {
		return nil
	}
	it := j.items[0]
	states, err := e.o.Ledger.States([]string{it.Ref.Key})
	if err != nil {
		e.halt(fmt.Errorf("reading the ledger: %w", err))
		return nil
	}
	ent := states[it.Ref.Key]
	delivered := ent.State == ledger.Delivered && ent.ClioID != 0
	if post && delivered {
		if err := e.rememberCreated(it, ent.ClioID); err != nil {
			e.halt(err)
			return nil
		}
	}
	f := e.find
	// Held until the next leader is chosen, so that no record read
	// meanwhile goes before those that waited.
	f.step.Lock()
	defer f.step.Unlock()
	f.mu.Lock()
	st := f.vals[it.Ref.Find]
	if st == nil || st.lead != it.Ref.Key {
		f.mu.Unlock()
		return nil
	}
	switch {
	case delivered && post:
		st.obj = lookup.Match{ID: ent.ClioID, Label: fmt.Sprintf("created from line %d", it.Ref.Line), ETag: ent.ETag}
	case delivered:
		st.obj.ETag = ent.ETag
	case post && ent.State == ledger.InDoubt:
		st.doubt = fmt.Sprintf("line %d (record %d)", it.Ref.Line, it.Ref.Pos)
	case ent.State != ledger.Failed:
		// Not answered (the run stopped): what waited stays pending.
		f.mu.Unlock()
		return nil
	}
	st.lead = ""
	queue := st.queue
	st.queue = nil
	f.mu.Unlock()
	for i, q := range queue {
		if e.stopping() {
			return nil // not sent: pending for the next run
		}
		nj, err := e.decideFind(q)
		if err != nil {
			e.halt(err)
			return nil
		}
		if nj != nil {
			// The rest wait for nj.
			f.mu.Lock()
			st.queue = append(queue[i+1:len(queue):len(queue)], st.queue...)
			f.mu.Unlock()
			return nj
		}
	}
	return nil
}

// findFail fails a record to be found, before anything is sent for it.
func (e *engine) findFail(it flow.Item, why string) {
	msg := flow.RecordFailure{File: e.planner.NexsetName(), Pos: it.Ref.Pos, Line: it.Ref.Line, Reason: why}.Error()
	e.count(func(s *Summary) { s.Failed++ })
	e.emit(RecordFailed{Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, State: string(ledger.Failed), Message: msg})
	if e.dry {
		return
	}
	err := e.o.Ledger.Reject([]ledger.Entry{{Key: it.Ref.Key, Pos: it.Ref.Pos, Line: it.Ref.Line, Run: e.run,
		Method: e.planner.Method(), ErrType: "record", ErrMessage: msg}})
	var se *ledger.StateError
	if err != nil && !errors.As(err, &se) {
		e.halt(fmt.Errorf("recording record %d that cannot be sent: %w", it.Ref.Pos, err))
	}
}

// findPending leaves a record pending: the create of its value by another
// record is in doubt, and creating it too could make a twin.
func (e *engine) findPending(it flow.Item, doubt string) {
	e.emit(RecordFailed{Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, State: string(ledger.Pending),
		Message: flow.RecordFailure{File: e.planner.NexsetName(), Pos: it.Ref.Pos, Line: it.Ref.Line, Reason: fmt.Sprintf(
			"not sent: %s, which has %s %s too, is in doubt (its create may have made the %s); `cliodest retry --in-doubt` settles it, then the next activation sends this record",
			doubt, e.find.spec.Field, it.Find, e.find.spec.Singular())}.Error()})
}

// findInDoubt notes a record whose create is in doubt from an earlier run
// (findDoubts, and admit when it reads it): records of its value in this
// run wait for it.
func (e *engine) findInDoubt(it flow.Item) {
	if e.find == nil || it.Ref.Find == "" {
		return
	}
	e.findValueInDoubt(it.Ref.Find, fmt.Sprintf("line %d (record %d)", it.Ref.Line, it.Ref.Pos))
}

// findValueInDoubt notes that the create of value (in its compared form)
// by the record named by who is in doubt.
func (e *engine) findValueInDoubt(value, who string) {
	e.find.mu.Lock()
	defer e.find.mu.Unlock()
	st := e.find.vals[value]
	if st == nil {
		st = &findState{}
		e.find.vals[value] = st
	}
	if st.obj.ID == 0 && st.lead == "" {
		st.doubt = who
	}
}

// rememberCreated keeps the object a record created as its find-by value's
// in the ledger's look-up cache: later runs find it there, before Clio's
// search (which lags behind new objects) could.
func (e *engine) rememberCreated(it flow.Item, id int64) error {
	if e.find == nil {
		return nil
	}
	return rememberCreated(e.o.Ledger, e.find.spec, it, id)
}

func rememberCreated(l *ledger.Ledger, s lookup.Spec, it flow.Item, id int64) error {
	if it.Ref.Find == "" || id <= 0 {
		return nil
	}
	lk := ledger.Lookup{Collection: s.Collection, Field: s.Field, Value: it.Ref.Find, ClioID: id,
		Label: fmt.Sprintf("created from line %d", it.Ref.Line)}
	if err := l.RememberLookup(lk); err != nil {
		return fmt.Errorf("remembering the %s record %d created, in the ledger: %w", s.Singular(), it.Ref.Pos, err)
	}
	return nil
}
