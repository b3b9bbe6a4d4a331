package flow

import "github.com/cliodest/cliodest/flow/sync"

// checkOnRemove refuses an on_remove that is not one, and delete where the
// endpoint's collection has no delete in Clio's catalogue.
func checkOnRemove(d *Destination, r *resolved) Problems {
	or, err := sync.ParseOnRemove(d.OnRemove)
	if err != nil {
		return Problems{{Field: "on_remove", Message: err.Error()}}
	}
	if or == sync.DeleteRemoved && r != nil && (&Planner{d: d, r: r}).deleteOp() == nil {
		return Problems{{Field: "on_remove", Message: "delete: the endpoint does not create objects in a collection Clio can delete (DELETE /{collection}/{id}.json); use keep"}}
	}
	return nil
}

// RemoveRule is the on_remove a run uses (keep unless delete is set).
func (p *Planner) RemoveRule() sync.OnRemove {
	or, _ := sync.ParseOnRemove(p.d.OnRemove)
	return or
}
