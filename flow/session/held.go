package session

import (
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Held is the ledger's entry for rec when the destination d, saved at
// file, has a ledger that holds the record delivered, in flight or in
// doubt: a test send of it then creates a second object, which activation
// leaves alone. ok is false otherwise (no ledger, the record pending,
// failed or not in it, or not one p can prepare). The ledger is read
// as status reads it (ReadLedger): an older one through a migrated copy.
func Held(d *flow.Destination, file string, p *flow.Planner, rec nexset.Record) (e ledger.Entry, ok bool) {
	l, release, err := ReadLedger(LedgerPath(file, ""), ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		return e, false
	}
	defer release()
	it, fail := p.Prepare(rec)
	if fail != nil {
		return e, false
	}
	e, ok, err = l.Get(it.Ref.Key)
	if err != nil || !ok || e.State == ledger.Pending || e.State == ledger.Failed {
		return e, false
	}
	return e, true
}
