package flow

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// This file serves re-activation (flow/sync): a changed record's object is
// updated by the collection's own update operation in the catalogue,
// PATCH /{collection}/{id}.json, with the record's body today.

// updateOp is the catalogue's update of the collection the destination
// creates in (POST /activities.json → PATCH /activities/{id}.json), or nil
// when the endpoint is not a catalogued create or the collection has none.
func (p *Planner) updateOp() *clio.Operation {
	if p.r.op == nil || p.r.method != http.MethodPost || p.r.absolute != nil || !strings.HasSuffix(p.r.op.Path, ".json") {
		return nil
	}
	op, _, ok := clio.Lookup(http.MethodPatch, strings.TrimSuffix(p.r.op.Path, ".json")+"/{id}.json")
	if !ok {
		return nil
	}
	return op
}

// CanUpdate reports whether a changed record's object can be updated: the
// endpoint creates objects in a collection the catalogue can update.
func (p *Planner) CanUpdate() bool { return p.updateOp() != nil }

// Collection is the path of the collection the endpoint creates in
// ("/activities.json"), "" when it is no catalogued create.
func (p *Planner) Collection() string {
	if p.r.op == nil || p.r.method != http.MethodPost {
		return ""
	}
	return p.r.op.Path
}

// UpdateCall is the PATCH of the object with Clio ID id by the prepared
// item's body: the same headers and body as its create, at
// /{collection}/{id}.json. The body is validated against the update
// operation; Problems hold what it refuses.
func (p *Planner) UpdateCall(it Item, id int64) (Call, error) {
	op := p.updateOp()
	if op == nil {
		return Call{}, fmt.Errorf("the endpoint %s %s has no update in Clio's catalogue", p.r.method, p.d.Endpoint.URL)
	}
	if id <= 0 {
		return Call{}, fmt.Errorf("record %d has no Clio ID to update", it.Ref.Pos)
	}
	return p.updateCallAt(it, strconv.FormatInt(id, 10), op)
}

// updateCallAt is UpdateCall of the object whose ID is written idText (a
// sample's "{id}" when the object is not made yet).
func (p *Planner) updateCallAt(it Item, idText string, op *clio.Operation) (Call, error) {
	path, query, _ := strings.Cut(it.Path, "?")
	if !strings.HasSuffix(path, ".json") {
		return Call{}, fmt.Errorf("the URL %s does not end in .json", it.Path)
	}
	path = strings.TrimSuffix(path, ".json") + "/" + idText + ".json"
	if query != "" {
		path += "?" + query
	}
	it.Problems, it.Warnings = nil, nil
	if err := p.check(&it, op); err != nil {
		return Call{}, fmt.Errorf("record %d: %w", it.Ref.Pos, err)
	}
	c, err := p.call(path, []Item{it}, false)
	if err != nil {
		return Call{}, err
	}
	c.Method = http.MethodPatch
	return c, nil
}
