package session

import (
	"context"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Plan plans d on the host its requests go to: conn's when given, else
// Host(d), else Clio's default region.
func (s *Session) Plan(d *flow.Destination, conn *Conn) (*flow.Planner, error) {
	if conn != nil {
		return d.PlanOn(conn.Host)
	}
	h, ok, err := s.Host(d)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	if ok {
		return d.PlanOn(h)
	}
	return d.Plan()
}

// Preview is the sample payloads of d's first n records (recs, read
// before): the exact requests with Clio's published rules' verdict on
// each. Nothing is sent; lookups are answered as SampleLookups says.
func (s *Session) Preview(ctx context.Context, d *flow.Destination, recs []nexset.Record, n int, conn *Conn) ([]flow.Sample, error) {
	p, err := s.Plan(d, conn)
	if err != nil {
		return nil, err
	}
	return s.SampleLookups(ctx, d, p, conn).Samples(recs, n), nil
}

// SampleLookups lets samples show the IDs d's lookups find: look-ups are
// reads, made through conn, else d's credential when it can be had, one
// attempt each. Without a credential (or offline) p is returned as it is,
// or a failed look-up reads "looked up when sent".
func (s *Session) SampleLookups(ctx context.Context, d *flow.Destination, p *flow.Planner, conn *Conn) *flow.Planner {
	if !d.HasLookups() {
		return p
	}
	if conn == nil {
		c, err := s.ClientFor(ctx, d)
		if err != nil {
			return p
		}
		conn = c
	}
	return p.WithSampleLookups(ctx, lookup.NewResolver(lookup.Options{Client: conn.Client, Attempts: 1}))
}
