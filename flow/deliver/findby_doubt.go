package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// findDoubts notes, before anything is sent, the find-by value of every
// create an earlier run left in doubt, wherever its record is in the file:
// a record of the same value earlier in the file must wait for it as much
// as a later one (Clio's search may not show the object that create made).
// The ledger does not keep find-by values, so the file is read once more,
// only when the ledger holds creates in doubt. Standard input cannot be
// read ahead: there only the records after the one in doubt wait (admit).
func (e *engine) findDoubts(ctx context.Context, path string) error {
	if e.find == nil || path == "-" {
		return nil
	}
	keys := map[string]bool{}
	err := e.o.Ledger.Each(ledger.InDoubt, func(en ledger.Entry) error {
		if en.Method == http.MethodPost {
			keys[en.Key] = true
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading the ledger: %w", err)
	}
	if len(keys) == 0 {
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
