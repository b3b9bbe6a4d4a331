package deliver

import (
	"fmt"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// A record whose key was edited in the Nexset (R3 → R3x, the body as it
// was) has a new key, so it would be created again: a twin of the object
// its old key made, which Clio keeps. When the body of a new key is the
// one a delivered record was sent with, and that record's key is no longer
// in the Nexset, the run does not guess: the record fails, naming both
// keys and the object, until the key is restored or the user asks for a
// new object (on_change: create, which makes new objects by name). Taking
// it for the same object silently could be as wrong: two time entries may
// be equal (same date, hours, note and matter) and both be meant.

// renamedFrom is the delivered record, absent from the Nexset now, whose
// body ref's record has: the key it may have been renamed from. data is
// the record's body data object, whose fingerprint of the first style
// (flow/sync) rows delivered before fingerprints covered custom fields
// hold.
func (e *engine) renamedFrom(ref flow.RecordRef, data map[string]any) (ledger.Entry, bool, error) {
	if e.keys == nil || e.sync.delivered0 == 0 || ref.Print == "" {
		return ledger.Entry{}, false, nil // a stream (keys unknown), or nothing delivered
	}
	prints := []string{ref.Print}
	if f := flowsync.FirstStyle(ref.Print, data); f != "" {
		prints = append(prints, f)
	}
	for _, print := range prints {
		es, err := e.o.Ledger.DeliveredWithPrint(print, ref.Key, 8)
		if err != nil {
			return ledger.Entry{}, false, fmt.Errorf("reading the ledger: %w", err)
		}
		for _, en := range es {
			if !e.keys.Has(en.Key) {
				return en, true, nil
			}
		}
	}
	return ledger.Entry{}, false, nil
}

// refuseTwin fails a record whose key looks renamed from twin's.
func (e *engine) refuseTwin(it *flow.Item, twin ledger.Entry, ch *syncChunk) {
	msg := fmt.Sprintf("line %d (record %d): key %q is new, but its body is the one delivered under key %q (Clio object %d), which is no longer in the Nexset. "+
		"If %q was renamed %q, give the record its key %q again (it is then unchanged and nothing is sent); if it is another record that equals it, "+
		"create it with cliodest retry --on-change create. Not sent: Clio would hold a twin",
		it.Ref.Line, it.Ref.Pos, it.Ref.Key, twin.Key, twin.ClioID, twin.Key, it.Ref.Key, twin.Key)
	e.count(func(s *Summary) { s.Failed++ })
	e.emit(RecordFailed{Pos: it.Ref.Pos, Line: it.Ref.Line, Key: it.Ref.Key, State: string(ledger.Failed), Message: msg})
	ch.twins = append(ch.twins, ledger.Entry{Key: it.Ref.Key, Pos: it.Ref.Pos, Line: it.Ref.Line, Run: e.run,
		Method: e.planner.Method(), ErrType: "renamed", ErrMessage: msg})
}
