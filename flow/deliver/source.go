package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// job is one call for a worker.
type job struct {
	call  flow.Call
	items []flow.Item
	// The update of an object whose etag is known (conflict.go): sent
	// with If-Match ifMatch; target is the object's Clio ID; overwrite
	// when it overwrites an edit conflict.
	ifMatch   string
	target    int64
	overwrite bool
}

// read is one result of the Nexset reader.
type read struct {
	rec nexset.Record
	err error
	// ref is the record's reference made beside the reading, for the
	// quick path (quick.go): Key "" when none was made.
	ref flow.RecordRef
}

// chunk is how many records share one ledger look-up.
const chunk = 256

// dispatch reads the Nexset, prepares each record, skips what the ledger
// says is settled, groups the rest and hands calls to the workers. It
// returns when the Nexset ends or the run stops.
func (e *engine) dispatch(ctx context.Context, jobs chan<- *job) error {
	d := e.o.Destination
	path := d.NexsetPath()
	opts := d.NexsetOptions()
	opts.Follow = e.o.Follow
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	go func() {
		select {
		case <-e.stop:
			stopReading()
		case <-readCtx.Done():
		}
	}()

	watch, err := watchNexset(path, e.o.Follow)
	if err != nil {
		return d.NexsetError(err)
	}
	// Read ahead for duplicate keys before anything is sent.
	guard, err := e.newKeyGuard(ctx, path == "-" || e.o.Follow)
	if err != nil {
		return err
	}
	if err := e.checkShift(ctx, path); err != nil {
		return err
	}
	if err := e.findDoubts(ctx, path); err != nil {
		return err
	}
	if err := watch.check(true); err != nil {
		return err
	}

	var r *nexset.Reader
	if path == "-" {
		in := e.o.Stdin
		if in == nil {
			in = os.Stdin
		}
		r, err = nexset.NewReader(readCtx, in, "stdin", opts)
	} else {
		r, err = nexset.Open(readCtx, path, opts)
	}
	if err != nil {
		return d.NexsetError(err)
	}
	// The reader is not safe for concurrent use: it is closed only after
	// the goroutine reading it has returned (Next gives way once readCtx
	// ends, on files and on an *os.File standard input). A reader that
	// never yields (an in-memory pipe given as Stdin) is left to its
	// blocked goroutine rather than closed under it.
	readerDone := make(chan struct{})
	defer func() {
		stopReading()
		t := time.NewTimer(time.Second)
		defer t.Stop()
		select {
		case <-readerDone:
			r.Close()
		case <-t.C:
		}
	}()
	if path != "-" && !e.o.Follow {
		e.startCount(ctx, func(c context.Context) (int, error) { return nexset.Count(c, path, d.NexsetOptions()) })
	}

	reads := make(chan read, chunk)
	identify := e.quickOn()
	go func() {
		defer close(readerDone)
		defer close(reads)
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var re *nexset.RecordError
			if err != nil && !errors.As(err, &re) {
				if readCtx.Err() == nil {
					reads <- read{err: err}
				}
				return
			}
			rd := read{rec: rec, err: err}
			if identify && err == nil {
				rd.ref, _ = e.prep.Identify(rec) // hashed here, beside admit's work on the chunk before
			}
			select {
			case reads <- rd:
			case <-readCtx.Done():
				return
			}
		}
	}()

	g, err := flow.NewGrouper(d.Batching)
	if err != nil {
		return err
	}
	// sendJob hands one call to the workers; false when the run stopped.
	sendJob := func(j *job) bool {
		if e.dry {
			e.count(func(s *Summary) { s.WouldSend++ })
			return true
		}
		if e.hold(j) {
			return true // in doubt: looked up after the rest (reconcile.go)
		}
		select {
		case jobs <- j:
			return true
		case <-e.stop:
			return false
		}
	}
	send := func(batches [][]flow.Item) error {
		for _, b := range batches {
			calls, err := e.planner.Calls(b)
			if err != nil {
				return err
			}
			for _, c := range calls {
				if !sendJob(&job{call: c, items: itemsOf(b, c)}) {
					return nil
				}
			}
		}
		return nil
	}

	buf := make([]read, 0, chunk)
	// Records that are all there to be read (a file, not followed) wait
	// for a whole chunk; a stream's are taken as they come.
	whole := path != "-" && !e.o.Follow
	for {
		var timer <-chan time.Time
		if dl, ok := g.Deadline(); ok {
			t := time.NewTimer(time.Until(dl))
			timer = t.C
			defer t.Stop()
		}
		buf = buf[:0]
		select {
		case rd, ok := <-reads:
			if !ok {
				if e.stopping() {
					return nil
				}
				if err := watch.check(false); err != nil {
					return err
				}
				if !e.o.Follow && readCtx.Err() == nil {
					// Every record was read: the total is known for certain.
					e.setTotal(e.recordsRead(), true)
				}
				return send(g.Flush())
			}
			buf = append(buf, rd)
		case now := <-timer:
			if err := send(g.Due(now)); err != nil {
				return err
			}
			continue
		case <-e.stop:
			return nil
		}
	drain:
		for len(buf) < chunk {
			if whole {
				// A file read to its end: a full chunk shares one look-up.
				rd, ok := <-reads
				if !ok {
					break drain
				}
				buf = append(buf, rd)
				continue
			}
			select {
			case rd, ok := <-reads:
				if !ok {
					break drain
				}
				buf = append(buf, rd)
			default:
				break drain
			}
		}
		for _, rd := range buf {
			if rd.err != nil {
				var re *nexset.RecordError
				if errors.Is(rd.err, nexset.ErrChanged) {
					return &NexsetChangedError{Path: path, What: "a followed Nexset may only grow at its end; it was cut, rewritten or replaced"}
				}
				if !errors.As(rd.err, &re) {
					return d.NexsetError(rd.err)
				}
			}
		}
		// Nothing read after the file changed is sent.
		if err := watch.check(true); err != nil {
			return err
		}
		items, err := e.admit(buf, guard)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, it := range items {
			if u, err := e.updateJob(it); err != nil || u != nil {
				if err != nil {
					return err
				}
				if !sendJob(u) {
					return nil
				}
				continue
			}
			if e.finds(it) {
				j, err := e.findStep(it)
				if err != nil {
					return err
				}
				if j != nil && !sendJob(j) {
					return nil
				}
				continue
			}
			if err := send(g.Add(it, now)); err != nil {
				return err
			}
		}
	}
}

func (e *engine) recordsRead() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.s.Records
}

// itemsOf returns the items a call carries, in its order.
func itemsOf(b []flow.Item, c flow.Call) []flow.Item {
	if len(c.Records) == len(b) {
		return b
	}
	byKey := make(map[string]flow.Item, len(b))
	for _, it := range b {
		byKey[it.Ref.Key] = it
	}
	out := make([]flow.Item, 0, len(c.Records))
	for _, r := range c.Records {
		out = append(out, byKey[r.Key])
	}
	return out
}

// admit prepares a chunk of records and decides, with one ledger look-up,
// which are sent. Records that cannot be sent are failed in the ledger
// with their reason.
func (e *engine) admit(buf []read, guard *keyGuard) ([]flow.Item, error) {
	type cand struct {
		it    flow.Item
		rec   nexset.Record
		fail  *flow.RecordFailure
		dup   bool // the key is another record's too: failed whatever the ledger says
		quick bool // unchanged by its basis (quick.go): not prepared, its row not read
	}
	quick, err := e.quickUnchanged(buf)
	if err != nil {
		return nil, err
	}
	cands := make([]cand, 0, len(buf))
	keys := make([]string, 0, len(buf))
	for i, rd := range buf {
		var c cand
		if rd.err != nil {
			var re *nexset.RecordError
			errors.As(rd.err, &re)
			c.fail = &flow.RecordFailure{File: re.File, Pos: re.Pos, Line: re.Line, Reason: re.Reason, Cell: re.Cell}
		} else if quick != nil && quick[i].Key != "" {
			c.it, c.quick = flow.Item{Ref: quick[i]}, true
		} else {
			c.rec = rd.rec
			it, f := e.prep.Prepare(rd.rec)
			switch {
			case f != nil:
				c.fail = f
			case len(it.Problems) > 0:
				rej := e.planner.Reject(it)
				c.fail = &rej
			default:
				c.it = it
			}
		}
		if c.fail != nil && c.fail.Key == "" {
			c.fail.Key = "pos:" + strconv.Itoa(c.fail.Pos) // no key could be read; the position names it
		}
		key := c.it.Ref.Key
		if c.fail != nil {
			key = c.fail.Key
		} else if why := guard.check(key, flow.RecordAt{Pos: c.it.Ref.Pos, Line: c.it.Ref.Line}, e.run); why != "" {
			c.fail = &flow.RecordFailure{File: e.planner.NexsetName(), Pos: c.it.Ref.Pos, Line: c.it.Ref.Line, Key: key, Reason: why}
			c.dup = true
		}
		keys = append(keys, key)
		cands = append(cands, c)
	}
	if err := guard.flush(e.o.Ledger, e.dry); err != nil {
		return nil, err
	}
	e.count(func(s *Summary) { s.Records += len(cands) })
	read := keys
	if quick != nil {
		read = make([]string, 0, len(keys))
		for i, c := range cands {
			if !c.quick || c.fail != nil {
				read = append(read, keys[i])
			}
		}
	}
	states, err := e.o.Ledger.States(read)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	var out []flow.Item
	var rejects []ledger.Entry
	var ch syncChunk
	rejected := map[string]bool{} // the records of a duplicated key share one row
	for i, c := range cands {
		if c.quick && c.fail == nil {
			// Delivered with this content under these settings: unchanged.
			e.count(func(s *Summary) { s.Skipped++; e.sync.matched++ })
			continue
		}
		ent, known := states[keys[i]]
		pos := c.it.Ref.Pos
		if c.fail != nil {
			pos = c.fail.Pos
		}
		e.seen(ent, known, c.dup, guard, pos)
		if c.fail == nil {
			v, err := e.syncRecord(&c.it, ent, known, &ch)
			if err != nil {
				return nil, err
			}
			if v == syncSkip {
				continue
			}
			if v != syncSend {
				send, why, err := e.decide(c.it, ent, known)
				if err != nil {
					return nil, err
				}
				switch {
				case why == "skip":
					e.count(func(s *Summary) { s.Skipped++ })
				case why == "doubt":
					e.count(func(s *Summary) { s.InDoubt++ })
					e.findInDoubt(c.it)
				case !send:
					e.count(func(s *Summary) { s.Left++ })
				}
				if !send {
					continue
				}
			}
			// A record to send is made again with its lookups; one that
			// fails then is failed like any record that cannot be sent,
			// unless Clio did not answer a look-up: it stays pending.
			// Its fingerprint stays the one made without them (sync.go).
			print, basis := c.it.Ref.Print, c.it.Ref.Basis
			if c.it, c.fail = e.resolved(c.rec, c.it); c.fail == nil {
				c.it.Ref.Print, c.it.Ref.Basis = print, basis
				out = append(out, c.it)
				continue
			}
			if e.unanswered(c.fail.Err) {
				continue
			}
		}
		settled := known && ent.State != ledger.Failed && ent.State != ledger.Pending
		if settled && !c.dup {
			e.count(func(s *Summary) { s.Skipped++ }) // settled earlier (e.g. delivered before a key attribute went missing)
			continue
		}
		e.count(func(s *Summary) { s.Failed++ })
		e.emit(RecordFailed{Pos: c.fail.Pos, Line: c.fail.Line, Key: c.fail.Key, State: string(ledger.Failed), Message: c.fail.Error()})
		// A settled row keeps its delivery (the conflicts table names
		// the duplicate); on a stream the key's first record may be in
		// flight, so its row is left to that record.
		if !e.dry && !settled && !(c.dup && guard.stream) && !rejected[c.fail.Key] {
			rejected[c.fail.Key] = true
			rejects = append(rejects, ledger.Entry{Key: c.fail.Key, Pos: c.fail.Pos, Line: c.fail.Line, Run: e.run,
				Method: e.planner.Method(), ErrType: "record", ErrMessage: c.fail.Error()})
		}
	}
	if err := e.flushSync(&ch); err != nil {
		return nil, err
	}
	if len(rejects) > 0 {
		if err := e.o.Ledger.Reject(rejects); err != nil {
			var se *ledger.StateError
			if !errors.As(err, &se) {
				return nil, fmt.Errorf("recording records that cannot be sent: %w", err)
			}
		}
	}
	return out, nil
}

// decide applies the run's mode to one record's ledger entry: send it, or
// skip it ("skip": settled; "doubt": a POST in doubt left for retry
// --in-doubt; "": not this mode's business, e.g. a failed record on activate).
func (e *engine) decide(it flow.Item, ent ledger.Entry, known bool) (send bool, why string, err error) {
	retry := e.o.Mode == ledger.ModeRetry
	if !known {
		if !retry {
			return true, "", nil
		}
		// A fixed record: content-derived keys change with the content, so a
		// failed record is recognised by its position.
		if e.o.Destination.Nexset.Key != "" {
			return false, "", nil
		}
		old, err := e.o.Ledger.AtPos(it.Ref.Pos)
		if err != nil {
			return false, "", fmt.Errorf("reading the ledger: %w", err)
		}
		for _, o := range old {
			if o.State == ledger.Failed {
				if err := e.o.Ledger.Forget(o.Key); err != nil {
					return false, "", fmt.Errorf("replacing the failed record %d (line %d) in the ledger: %w", it.Ref.Pos, it.Ref.Line, err)
				}
				return true, "", nil
			}
		}
		return false, "", nil
	}
	switch ent.State {
	case ledger.Delivered:
		return false, "skip", nil
	case ledger.Pending:
		return !retry, "", nil
	case ledger.Failed:
		if retry && ent.IsConflict() {
			return e.retryConflict(it), "", nil
		}
		return retry, "", nil
	case ledger.InDoubt:
		if ent.Method != http.MethodPost {
			return true, "", nil // idempotent: sending again is safe
		}
		if retry && e.o.InDoubt {
			if ent.ContentHash != "" && ent.ContentHash != it.Ref.Hash {
				// Looking Clio up for today's content could claim another
				// record's object, or miss the one this key created.
				e.emit(RecordFailed{Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, State: string(ledger.InDoubt),
					Message: fmt.Sprintf("line %d (record %d): key %s was sent with other content than the Nexset holds now (it changed since): not looked up in Clio; check Clio by hand",
						it.Ref.Line, it.Ref.Pos, it.Ref.Key)})
				return false, "doubt", nil
			}
			e.mu.Lock()
			e.doubt[ent.Key] = ent.CreatedAt
			e.mu.Unlock()
			return true, "", nil
		}
		return false, "doubt", nil
	}
	return false, "", nil
}
