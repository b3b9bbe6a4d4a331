package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
)

// maxCheckFails bounds the failures the Save step keeps for its list; the
// count stays exact.
const maxCheckFails = 1000

// checkDoneMsg ends the dry run the Save step makes before it offers to
// activate: what activation would send, skip and fail.
type checkDoneMsg struct {
	sum deliver.Summary
	err error
}

// dryRun makes flow/session's Check over the whole saved Nexset: the dry
// run against the destination's ledger when it has one (so delivered
// records count as skipped), else against a throw-away one.
func (s *saveStep) dryRun(env *stepEnv) tea.Cmd {
	a := session.Activation{File: s.saved}
	if env.conn.ok {
		a.Conn = env.conn.session()
	}
	ev := make(chan tea.Msg, 64)
	a.Events = func(e deliver.Event) { forward(ev, e) }
	run, err := env.uses.Check(env.ctx, a)
	if err != nil {
		s.checkErr = clean(err.Error(), false)
		return nil
	}
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.checking = cancel, true
	s.prog, s.fails, s.nFails = deliver.Progress{Total: env.total}, nil, 0
	s.events = ev
	go func() {
		defer close(ev)
		res, err := run.Go(ctx)
		ev <- checkDoneMsg{sum: res.Summary, err: err}
	}()
	return tea.Batch(s.wait(), env.startSpinner())
}

// forward passes a run's event to the screen; progress may be dropped when
// the screen lags, since the next one says it all.
func forward(ev chan<- tea.Msg, e deliver.Event) {
	if _, ok := e.(deliver.Progress); ok {
		select {
		case ev <- deliverEventMsg{e}:
		default:
		}
		return
	}
	ev <- deliverEventMsg{e}
}
