package home

import (
	"context"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
)

// liveInterval is how often a run reports its progress to the live view.
const liveInterval = 250 * time.Millisecond

// SessionRunner runs the home's requests through flow/session, the
// activation, retry and resolve every front-end shares (the ledger, the
// delivery lock, the pause switch, the engine).
func SessionRunner(s *session.Session) Runner {
	return func(ctx context.Context, req RunRequest, events func(deliver.Event)) (deliver.Summary, error) {
		a := session.Activation{File: req.File, Events: events, ProgressInterval: liveInterval}
		open := s.Activate
		switch req.Mode {
		case Retry:
			open = s.Retry
		case Resolve:
			open = s.Resolve
		}
		run, err := open(ctx, a)
		if err != nil {
			return deliver.Summary{}, err
		}
		res, err := run.Go(ctx)
		return res.Summary, err
	}
}
