package deliver

import (
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
	refs := make([]flow.RecordRef, len(buf))
	keys := make([]string, 0, len(buf))
	for i, rd := range buf {
		if rd.err == nil && rd.ref.Key != "" {
			refs[i] = rd.ref
			keys = append(keys, rd.ref.Key)
		}
	}
	rows, err := e.o.Ledger.Bases(keys)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	for i, ref := range refs {
		if ref.Key == "" {
			continue
		}
		b, ok := rows[ref.Key]
		if !ok || b.Basis != flowsync.Basis(e.settings, ref.Hash, b.Fingerprint) {
			refs[i] = flow.RecordRef{}
		}
	}
	return refs, nil
}
