package flow

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// This file serves undoing a test send and on_remove: delete (flow/deliver):
// an object the destination created is deleted by the collection's own
// delete operation in the catalogue, DELETE /{collection}/{id}.json.

// deleteOp is the catalogue's delete of the collection the destination
// creates in, or nil when it has none (or the endpoint is no catalogued create).
func (p *Planner) deleteOp() *clio.Operation {
	coll := p.Collection()
	if coll == "" || p.r.absolute != nil || !strings.HasSuffix(coll, ".json") {
		return nil
	}
	op, _, ok := clio.Lookup(http.MethodDelete, strings.TrimSuffix(coll, ".json")+"/{id}.json")
	if !ok {
		return nil
	}
	return op
}

// CanDelete reports whether the objects the destination creates can be
// deleted through Clio's catalogue.
func (p *Planner) CanDelete() bool { return p.deleteOp() != nil }

// DeleteCall is the DELETE of the object with Clio ID id, in the collection
// the destination creates in, with the destination's headers and no body.
func (p *Planner) DeleteCall(id int64) (Call, error) {
	if p.deleteOp() == nil {
		return Call{}, fmt.Errorf("the endpoint %s %s has no delete in Clio's catalogue", p.r.method, p.d.Endpoint.URL)
	}
	if id <= 0 {
		return Call{}, fmt.Errorf("no Clio ID to delete")
	}
	coll, _, _ := strings.Cut(p.Collection(), "?")
	path := strings.TrimSuffix(coll, ".json") + "/" + strconv.FormatInt(id, 10) + ".json"
	c := Call{Method: http.MethodDelete, Path: path, URL: apiPrefix + path, env: p.env}
	if p.hasHost {
		c.URL = p.host.String() + apiPrefix + path
	}
	c.Header = p.r.baseHeader(p.apiVersion, false)
	return c, nil
}
