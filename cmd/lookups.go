package cmd

import (
	"context"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// readSession is the use-case layer for commands that only read
// (preview, validate): without a configuration directory it has no saved
// credentials, and lookups in samples read "looked up when sent".
func readSession(f *Factory) (*session.Session, error) {
	s, err := newSession(f)
	if err == nil {
		return s, nil
	}
	base, hasBase, berr := f.BaseURL()
	if berr != nil {
		return nil, usageError(berr)
	}
	return &session.Session{Token: f.Token(), BaseURL: base, HasBaseURL: hasBase, UserAgent: userAgent()}, nil
}

// withSampleLookups lets validate show the IDs a destination's lookups
// find (flow/session's SampleLookups).
func withSampleLookups(ctx context.Context, f *Factory, d *flow.Destination, p *flow.Planner) *flow.Planner {
	s, err := readSession(f)
	if err != nil {
		return p
	}
	return s.SampleLookups(ctx, d, p, nil)
}
