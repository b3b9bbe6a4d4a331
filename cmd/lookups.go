package cmd

import (
	"context"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
)

// withSampleLookups lets preview and validate show the IDs a destination's
// lookups find: look-ups are reads, made with its credential when it can be
// had. Without one (or offline) p is returned as it is, or its failed
// requests are shown, as "looked up when sent".
func withSampleLookups(ctx context.Context, f *Factory, d *flow.Destination, p *flow.Planner) *flow.Planner {
	if !d.HasLookups() {
		return p
	}
	s, err := newSession(f)
	if err != nil {
		return p
	}
	conn, err := s.ClientFor(ctx, d)
	if err != nil {
		return p
	}
	return p.WithSampleLookups(ctx, lookup.NewResolver(lookup.Options{Client: conn.Client, Attempts: 1}))
}
