package deliver

import (
	"context"
	"fmt"

	"github.com/cliodest/cliodest/flow"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// A re-activation mostly meets records delivered before and unchanged
// since. Building each one's body to compare its fingerprint is most of
// the work; the ledger keeps, with a delivery's fingerprint, its basis
// (flow/sync Basis: the body settings, the content hash and the
// fingerprint, hashed together). A record whose key was delivered with the
// basis its content gives today under today's settings is unchanged, and
// nothing of it is built. Any other record (new, changed, failed, pending,
// in doubt, delivered by a test send of an edited body, delivered before
// bases were kept, or after a settings change or another build) is
// prepared and compared in full, as before; an unchanged one then gets its
// basis recorded, so the next run finds it quickly.

// quickOn reports whether the run may find records unchanged quickly: it
// has body settings, and a ledger with deliveries. The Nexset's reader then
// makes each record's reference (flow.Planner.Identify) as it reads.
func (e *engine) quickOn() bool {
	return e.settings != "" && e.o.Ledger != nil && e.sync.delivered0 > 0
}

// quickUnchanged returns, for each read of buf, the reference of a record
// found unchanged by its basis, or a zero reference (Key "") for a record
// that takes the full path. nil when no record can be told quickly.
func (e *engine) quickUnchanged(buf []read) ([]flow.RecordRef, error) {
	if !e.quickOn() {
		return nil, nil
	}
	if err := e.markQuick(buf); err != nil {
		return nil, err
	}
	refs := make([]flow.RecordRef, len(buf))
	for i, rd := range buf {
		if rd.quick {
			refs[i] = rd.ref
		}
	}
	return refs, nil
}

// markQuick looks up the bases of the reads of buf not looked up yet, and
// marks quick each whose basis holds.
func (e *engine) markQuick(buf []read) error {
	keys := make([]string, 0, len(buf))
	for _, rd := range buf {
		if !rd.looked && rd.err == nil && rd.ref.Key != "" {
			keys = append(keys, rd.ref.Key)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	rows, err := e.o.Ledger.Bases(keys)
	if err != nil {
		return fmt.Errorf("reading the ledger: %w", err)
	}
	for i, rd := range buf {
		if rd.looked || rd.err != nil || rd.ref.Key == "" {
			continue
		}
		b, ok := rows[rd.ref.Key]
		buf[i].looked = true
		buf[i].quick = ok && b.Basis == flowsync.Basis(e.settings, rd.ref.Hash, b.Fingerprint)
	}
	return nil
}

// lookAhead passes the reads of a file on in chunks whose bases it has
// looked up, beside admit's work on the chunk before. A record's verdict
// read this early is its own row's, which only records of its key write,
// and a key used twice fails whatever its row says (dupkeys.go). Should a
// look-up fail, the chunk goes on unlooked and admit meets the error.
func (e *engine) lookAhead(ctx context.Context, reads <-chan read) <-chan read {
	out := make(chan read, chunk)
	go func() {
		defer close(out)
		buf := make([]read, 0, chunk)
		for open := true; open; {
			buf = buf[:0]
			for len(buf) < chunk {
				rd, ok := <-reads
				if !ok {
					open = false
					break
				}
				buf = append(buf, rd)
			}
			_ = e.markQuick(buf)
			for _, rd := range buf {
				select {
				case out <- rd:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}
