package ledger

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

// TestOpenWhileAnotherCreates opens one new ledger from several openers at
// once, as two activations of a destination started together do (each
// opens the ledger before taking the delivery lock): the one that loses the
// race to create the file must not take it, still empty, for a truncated
// ledger and tell the user to remove it.
func TestOpenWhileAnotherCreates(t *testing.T) {
	for round := range 20 {
		path := filepath.Join(t.TempDir(), "race.ledger.db")
		const openers = 4
		var wg sync.WaitGroup
		errs := make(chan error, openers)
		start := make(chan struct{})
		for range openers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				l, err := Open(path, Identity{ID: "d1", Name: "QA"})
				if err == nil {
					err = l.Close()
				}
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			var ce *CorruptError
			if errors.As(err, &ce) {
				t.Fatalf("round %d: a ledger being created by another opener was refused: %v", round, err)
			}
			if err != nil {
				t.Errorf("round %d: %v", round, err)
			}
		}
	}
}
