package flow

import "github.com/cliodest/cliodest/flow/sync"

// checkOnConflict refuses an on_conflict that is not one.
func checkOnConflict(d *Destination) Problems {
	if _, err := sync.ParseOnConflict(d.OnConflict); err != nil {
		return Problems{{Field: "on_conflict", Message: err.Error()}}
	}
	return nil
}

// ConflictRule is the on_conflict a run uses: skip unless overwrite is set.
func (p *Planner) ConflictRule() sync.OnConflict {
	oc, _ := sync.ParseOnConflict(p.d.OnConflict)
	return oc
}
