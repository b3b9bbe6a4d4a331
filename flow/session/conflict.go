package session

import (
	"fmt"

	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// applyOnConflict sets this run's on_conflict on the opened destination
// (the file keeps its own) and, on a retry, whether edit conflicts are
// sent over the change made in Clio (flow/deliver's conflict.go).
func (r *Run) applyOnConflict(a Activation) error {
	r.opts.OverwriteConflicts = a.OverwriteConflicts
	if a.OnConflict == "" {
		return nil
	}
	oc, err := flowsync.ParseOnConflict(a.OnConflict)
	if err != nil {
		return &InputError{Err: fmt.Errorf("on_conflict %q: give %s", a.OnConflict, flowsync.ConflictChoices)}
	}
	r.Destination.OnConflict = string(oc)
	return nil
}
