package session

import (
	"fmt"

	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// applyOnRemove decides this run's on_remove (Activation.OnRemove, else
// the file's; the file keeps its own): delete deletes objects in Clio, so
// a run does it only when confirmed (Activation.ConfirmDelete: --yes on
// the command line, the wizard's question), and is refused, before the
// destination is set active or anything is sent, when not.
func (r *Run) applyOnRemove(a Activation) error {
	rule, err := flowsync.ParseOnRemove(r.Destination.OnRemove)
	if a.OnRemove != "" {
		rule, err = flowsync.ParseOnRemove(a.OnRemove)
	}
	if err != nil {
		return &InputError{Err: err}
	}
	if rule != flowsync.DeleteRemoved || r.Mode == ledger.ModeDryRun {
		return nil
	}
	if r.opts.Planner == nil || !r.opts.Planner.CanDelete() {
		return &InputError{Err: fmt.Errorf("on_remove delete: the endpoint does not create objects in a collection Clio can delete (DELETE /{collection}/{id}.json); use keep")}
	}
	if !a.ConfirmDelete {
		return &InputError{Err: fmt.Errorf("%s: on_remove delete deletes in Clio the objects of records removed from the Nexset, which cannot be undone: confirm it with --yes (nothing was sent), or run with --on-remove keep", a.File)}
	}
	r.opts.DeleteRemoved = true
	return nil
}
