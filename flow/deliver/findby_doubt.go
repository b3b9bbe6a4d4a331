package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/cliodest/cliodest/flow/nexset"
)

// noteFindValue keeps, before a create of a record to be found leaves,
// the record's find-by value in the ledger: if the create ends in doubt,
// a later run holds back the value's records from the ledger alone.
func (e *engine) noteFindValue(j *job) error {
	if e.find == nil || j.call.Method != http.MethodPost || len(j.items) != 1 || j.items[0].Ref.Find == "" {
		return nil
	}
	it := j.items[0]
	return e.o.Ledger.NoteFindValue(it.Ref.Key, it.Ref.Find)
}

// findDoubts notes, before anything is sent, the find-by value of every
// create an earlier run left in doubt, wherever its record is in the file:
// a record of the same value earlier in the file must wait for it as much
// as a later one (Clio's search may not show the object that create made).
// The ledger keeps the value of each create sent (noteFindValue). Only
// for creates a ledger of an older cliodest left in doubt, without one, is
// the file read once more; standard input cannot be read ahead, so there
// only the records after such a create wait (admit).
func (e *engine) findDoubts(ctx context.Context, path string) error {
	if e.find == nil {
		return nil
	}
	doubts, err := e.o.Ledger.FindDoubts()
	if err != nil {
		return fmt.Errorf("reading the ledger: %w", err)
	}
	keys := map[string]bool{}
	for _, d := range doubts {
		if d.Value != "" {
			// Named by key: the file may have changed since.
			e.findValueInDoubt(d.Value, fmt.Sprintf("the record with key %s (line %d when its create was sent)", d.Key, d.Line))
		} else {
			keys[d.Key] = true
		}
	}
	if len(keys) == 0 || path == "-" {
		return nil
	}
	r, err := nexset.Open(ctx, path, e.o.Destination.NexsetOptions())
	if err != nil {
		return e.o.Destination.NexsetError(err)
	}
	defer r.Close()
	for len(keys) > 0 {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var re *nexset.RecordError
		if errors.As(err, &re) {
			continue // failed in its turn, naming why
		}
		if err != nil {
			return e.o.Destination.NexsetError(err)
		}
		it, f := e.prep.Prepare(rec)
		if f != nil || !keys[it.Ref.Key] {
			continue
		}
		delete(keys, it.Ref.Key)
		e.findInDoubt(it)
	}
	return nil
}
