package destindex

import (
	"fmt"
	"time"

	"github.com/cliodest/cliodest/flow/ledger"
)

// Run is a delivery about to start: the destination, its file, its ledger
// and where its requests go.
type Run struct {
	Dest   ledger.Identity
	File   string
	Ledger string
	Host   string
	Now    time.Time
	Dry    bool // a dry run checks the index but does not record itself
}

// OpenLedger is how every delivery (activate, retry, the wizard's activate
// now) opens its ledger: Check first, so a copy is refused before a new
// ledger is created; then the ledger; then, unless dry, the index records
// where the id's deliveries now go. warn is set when only that record
// failed: the run may go on, but a later copy could not be told from it.
func (x Index) OpenLedger(r Run) (l *ledger.Ledger, warn, err error) {
	if err := x.Check(r.Dest.ID, r.File, r.Ledger); err != nil {
		return nil, nil, err
	}
	if l, err = ledger.Open(r.Ledger, r.Dest); err != nil {
		return nil, nil, err
	}
	if !r.Dry && x.dir != "" {
		e := Entry{ID: r.Dest.ID, File: canonical(r.File), Ledger: canonical(r.Ledger), Host: r.Host, LastRun: r.Now.UTC()}
		if err := x.Put(e); err != nil {
			warn = fmt.Errorf("%w: a copy of this destination could not be told from it", err)
		}
	}
	return l, warn, nil
}
