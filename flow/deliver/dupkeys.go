package deliver

import (
	"context"
	"fmt"
	"hash/maphash"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// keyGuard fails the records of a key the Nexset uses more than once.
//
// A file is read whole before the run (flow.FindDuplicateKeys): no record of
// a duplicated key is sent, on every run, until the key is unique. Standard
// input and --follow cannot be read ahead: there the first record of a key is
// sent as it comes and each later one fails; the guard keeps a 64-bit hash
// and the place of every key seen in the run (about 40 bytes a key).
type keyGuard struct {
	dups   flow.DuplicateKeys
	stream bool
	seed   maphash.Seed
	seen   map[uint64]flow.RecordAt
	found  []ledger.Conflict // stream: duplicates not yet written to the ledger
}

// newKeyGuard reads a file Nexset for duplicate keys and, on a real run,
// records them in the ledger in place of what earlier runs found.
func (e *engine) newKeyGuard(ctx context.Context, stream bool) (*keyGuard, error) {
	d := e.o.Destination
	if d.Nexset.Key == "" {
		return &keyGuard{}, nil
	}
	if stream {
		return &keyGuard{stream: true, seed: maphash.MakeSeed(), seen: map[uint64]flow.RecordAt{}}, nil
	}
	dups, keys, err := flow.FindKeys(ctx, d)
	if err != nil {
		return nil, err
	}
	e.keys = keys // which delivered keys are absent now (sync.go, removedelete.go)
	if !e.dry {
		cs := make([]ledger.Conflict, 0, len(dups))
		for k := range dups {
			cs = append(cs, ledger.Conflict{Key: k, Message: dups.Reason(k), Run: e.run})
		}
		if err := e.o.Ledger.SetConflicts(cs, true); err != nil {
			return nil, fmt.Errorf("recording duplicate keys in the ledger: %w", err)
		}
	}
	return &keyGuard{dups: dups}, nil
}

// check returns the failure of a record whose key is used by another
// record, or "".
func (g *keyGuard) check(key string, at flow.RecordAt, run int64) string {
	if !g.stream {
		if _, ok := g.dups[key]; ok {
			return g.dups.Reason(key)
		}
		return ""
	}
	if g.seen == nil {
		return ""
	}
	h := maphash.String(g.seed, key)
	first, ok := g.seen[h]
	if !ok {
		g.seen[h] = at
		return ""
	}
	why := fmt.Sprintf("key %q is used by lines %d and %d: the record of line %d came first and keeps the key; give this record a key of its own",
		key, first.Line, at.Line, first.Line)
	g.found = append(g.found, ledger.Conflict{Key: key, Message: why, Run: run})
	return why
}

// flush writes the duplicates a stream revealed since the last flush.
func (g *keyGuard) flush(l *ledger.Ledger, dry bool) error {
	if len(g.found) == 0 || dry {
		g.found = g.found[:0]
		return nil
	}
	err := l.SetConflicts(g.found, false)
	g.found = g.found[:0]
	if err != nil {
		return fmt.Errorf("recording duplicate keys in the ledger: %w", err)
	}
	return nil
}
