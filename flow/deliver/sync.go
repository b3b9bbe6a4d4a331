package deliver

import (
	"fmt"
	"net/http"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// A re-activation keeps Clio in step with the Nexset (flow/sync): a record
// delivered with another body is changed, and handled as on_change says; an
// update goes to the object the record created, by the collection's update.
// The fingerprint is of the body as prepared before look-ups (the firm's
// references, not the IDs they resolve to; custom fields by name and
// value: flow.Item.Print), so telling an unchanged record asks Clio
// nothing.

// syncChunk collects one chunk's ledger writes for sync, made before any of
// its records is sent.
type syncChunk struct {
	renames map[string]string       // without a key: old key → the edited record's key at its position
	reopen  []string                // changed records to update or create again
	prints  map[string]ledger.Based // delivered before fingerprints: today's
	bases   map[string]ledger.Based // unchanged, their basis (or today's style of fingerprint) not yet recorded (quick.go)
	twins   []ledger.Entry          // new keys refused: their body is a removed record's (renamed.go)
}

// syncVerdict says what sync decided for a record.
type syncVerdict int

const (
	syncPass syncVerdict = iota // not sync's business: decide as before
	syncSkip                    // settled (unchanged, or changed and skipped / refused)
	syncSend                    // changed: send it (update or create)
)

// startSync reads what the run's sync needs: the on_change rule, and
// whether records are matched by position (no key attribute, deliveries
// in the ledger).
func (e *engine) startSync() error {
	e.rule, e.updates = e.planner.ChangeRule(), map[string]int64{}
	e.settings = e.planner.BodySettings()
	e.s.OnChange = string(e.rule)
	if e.o.Ledger == nil {
		return nil
	}
	counts, err := e.o.Ledger.Counts()
	if err != nil {
		return fmt.Errorf("reading the ledger: %w", err)
	}
	e.sync.delivered0 = counts[ledger.Delivered]
	e.byPos = e.o.Destination.Nexset.Key == "" && e.sync.delivered0 > 0
	return nil
}

// syncCounts is what sync learns while records are admitted.
type syncCounts struct {
	delivered0 int // records delivered when the run started
	matched    int // of them, found in the Nexset by this run
}

// seen counts a record of the Nexset found delivered in the ledger: each
// delivered record once (a duplicated key's first record only).
func (e *engine) seen(ent ledger.Entry, known, dup bool, g *keyGuard, pos int) {
	if !known || ent.State != ledger.Delivered {
		return
	}
	if dup && g != nil && len(g.dups[ent.Key]) > 0 && g.dups[ent.Key][0].Pos != pos {
		return
	}
	e.count(func(*Summary) { e.sync.matched++ })
}

// syncRecord classifies a prepared record against its ledger row, counts
// it, and routes an update to its object.
func (e *engine) syncRecord(it *flow.Item, ent ledger.Entry, known bool, ch *syncChunk) (syncVerdict, error) {
	it.Ref.Print = it.Print()
	it.Ref.Basis = flowsync.Basis(e.settings, it.Ref.Hash, it.Ref.Print)
	if !known && e.byPos {
		// Without a key, an edited record is the one delivered at its position.
		old, found, err := e.deliveredAt(it.Ref)
		if err != nil {
			return syncPass, err
		}
		if found {
			if ch.renames == nil {
				ch.renames = map[string]string{}
			}
			ch.renames[old.Key] = it.Ref.Key
			ent, known = old, true
			e.seen(ent, known, false, nil, it.Ref.Pos)
		}
	}
	if fresh := !known || ent.State == ledger.Failed && ent.ClioID == 0; fresh && e.o.Destination.Nexset.Key != "" && e.rule != flowsync.Create {
		// A key renamed under a delivered body: not a new record to create a twin of.
		if twin, found, err := e.renamedFrom(it.Ref, it.Data); err != nil || found {
			if err != nil {
				return syncPass, err
			}
			e.refuseTwin(it, twin, ch)
			return syncSkip, nil
		}
	}
	switch flowsync.Classify(ent, known, it.Ref.Print, it.Data, it.Ref.Hash) {
	case flowsync.Unchanged:
		if it.Ref.Basis != 0 && ent.Basis != it.Ref.Basis || ent.Fingerprint != it.Ref.Print {
			if ch.bases == nil {
				ch.bases = map[string]ledger.Based{}
			}
			ch.bases[it.Ref.Key] = ledger.Based{Fingerprint: it.Ref.Print, Basis: it.Ref.Basis, Was: ent.Fingerprint}
		}
		e.count(func(s *Summary) { s.Skipped++ })
		return syncSkip, nil
	case flowsync.Unprinted:
		if ch.prints == nil {
			ch.prints = map[string]ledger.Based{}
		}
		ch.prints[it.Ref.Key] = ledger.Based{Fingerprint: it.Ref.Print, Basis: it.Ref.Basis}
		e.count(func(s *Summary) { s.Skipped++ })
		return syncSkip, nil
	case flowsync.Changed:
	default:
		// An interrupted or failed update (its row keeps Clio's ID) is an update again.
		if known && ent.ClioID != 0 && ent.State != ledger.Delivered && e.rule == flowsync.Update && e.planner.CanUpdate() {
			e.updates[it.Ref.Key] = ent.ClioID
		}
		return syncPass, nil
	}
	e.count(func(s *Summary) { s.Changed++ })
	switch e.rule {
	case flowsync.Skip:
		e.count(func(s *Summary) { s.Skipped++; s.ChangedSkipped++ })
		return syncSkip, nil
	case flowsync.Update:
		c, err := e.planner.UpdateCall(*it, ent.ClioID)
		if err == nil && len(c.Problems) > 0 {
			err = fmt.Errorf("%s", c.Problems[0])
		}
		if err != nil {
			// The ledger keeps the delivery and its fingerprint: the next run tries again.
			e.count(func(s *Summary) { s.Failed++ })
			e.emit(RecordFailed{Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, State: string(ledger.Failed),
				Message: fmt.Sprintf("line %d (record %d) changed since it was delivered as Clio object %d, and its update is refused: %v", it.Ref.Line, it.Ref.Pos, ent.ClioID, err)})
			return syncSkip, nil
		}
		e.updates[it.Ref.Key] = ent.ClioID
	}
	ch.reopen = append(ch.reopen, it.Ref.Key)
	return syncSend, nil
}

// flush writes a chunk's sync decisions to the ledger (nothing on a dry run).
func (e *engine) flushSync(ch *syncChunk) error {
	if e.dry {
		return nil
	}
	if err := e.o.Ledger.Rename(ch.renames); err != nil {
		return fmt.Errorf("moving edited records to their new keys: %w", err)
	}
	if err := e.o.Ledger.Fingerprinted(ch.prints); err != nil {
		return fmt.Errorf("recording the fingerprints of records delivered before: %w", err)
	}
	if err := e.o.Ledger.SetBases(ch.bases); err != nil {
		return fmt.Errorf("recording the bases of unchanged records' fingerprints: %w", err)
	}
	if err := e.o.Ledger.Reopen(ch.reopen); err != nil {
		return fmt.Errorf("reopening changed records: %w", err)
	}
	if err := e.o.Ledger.Reject(ch.twins); err != nil {
		return fmt.Errorf("recording records whose key was renamed: %w", err)
	}
	return nil
}

// updateJob is the PATCH of a changed record's object, or nil when the
// record is no update.
func (e *engine) updateJob(it flow.Item) (*job, error) {
	id, ok := e.updates[it.Ref.Key]
	if !ok {
		return nil, nil
	}
	delete(e.updates, it.Ref.Key)
	c, err := e.planner.UpdateCall(it, id)
	if err != nil {
		return nil, err
	}
	j := &job{call: c, items: []flow.Item{it}}
	return j, e.lockUpdate(j)
}

// isUpdate reports whether c updates an object a create made.
func (e *engine) isUpdate(c flow.Call) bool {
	return c.Method == http.MethodPatch && e.planner.Method() == http.MethodPost
}

// goneHint explains a 404 on the update of a changed record.
func (e *engine) goneHint(c flow.Call, status int) string {
	if status != http.StatusNotFound || !e.isUpdate(c) {
		return ""
	}
	if e.updatesExisting(c) {
		return " — the object find_by found was deleted in Clio since; activate with --refresh-lookups to look it up anew"
	}
	return " — the object this record created was deleted in Clio; set on_change: create (or --on-change create) to make a new one"
}

// deliveredAt is the record delivered at ref's position under another key,
// when there is one.
func (e *engine) deliveredAt(ref flow.RecordRef) (ledger.Entry, bool, error) {
	es, err := e.o.Ledger.AtPos(ref.Pos)
	if err != nil {
		return ledger.Entry{}, false, fmt.Errorf("reading the ledger: %w", err)
	}
	for _, en := range es {
		if en.State == ledger.Delivered && en.Key != ref.Key {
			return en, true, nil
		}
	}
	return ledger.Entry{}, false, nil
}
