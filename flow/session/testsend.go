package session

import (
	"context"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// TestRequest builds the request a test send of rec makes with p (planned
// on conn's host), as every front-end sends it: the record's lookups read
// through conn first, and Clio asked to answer with the object's main
// attributes, not only its id. It also returns p with those lookups, which
// an edited body is checked against (WithBody); p itself stays without
// them, as activation fingerprints what it builds.
func TestRequest(ctx context.Context, p *flow.Planner, conn *Conn, rec nexset.Record) (flow.Call, *flow.Planner, error) {
	if conn != nil {
		p = p.WithClientLookups(ctx, conn.Client)
	}
	c, err := p.TestCall(rec)
	if err != nil {
		return flow.Call{}, p, err
	}
	return p.WithTestFields(c), p, nil
}
