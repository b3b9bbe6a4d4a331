package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
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

// dryRun runs flow/deliver's dry run over the whole saved Nexset, against
// the destination's ledger when it has one (so delivered records count as
// skipped), else against a throw-away one: the ledger beside the file is
// made by activation only.
func (s *saveStep) dryRun(env *stepEnv) tea.Cmd {
	p, err := planner(env)
	if err != nil {
		s.checkErr = clean(err.Error(), false)
		return nil
	}
	path, tmp := ledger.DefaultPath(s.saved), ""
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if tmp, err = os.MkdirTemp("", "cliodest-check-*"); err != nil {
			s.checkErr = clean(err.Error(), false)
			return nil
		}
		path = filepath.Join(tmp, "check.ledger.db")
	}
	l, err := ledger.Open(path, ledger.Identity{ID: env.d.ID, Name: env.d.Name})
	if err != nil {
		os.RemoveAll(tmp)
		s.checkErr = clean(fmt.Sprintf("opening the ledger: %v", err), false)
		return nil
	}
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.checking = cancel, true
	s.prog, s.fails, s.nFails = deliver.Progress{Total: env.total}, nil, 0
	s.events = make(chan tea.Msg, 64)
	d, ev := *env.d, s.events
	go func() {
		defer close(ev)
		sum, err := deliver.Run(ctx, deliver.Options{Destination: &d, Planner: p, Ledger: l, Mode: ledger.ModeDryRun,
			Events: func(e deliver.Event) { forward(ev, e) }})
		l.Close()
		os.RemoveAll(tmp)
		ev <- checkDoneMsg{sum: sum, err: err}
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

// planner plans on the checked credential's host, else on the file's.
func planner(env *stepEnv) (*flow.Planner, error) {
	if env.conn.ok {
		return env.d.PlanOn(env.conn.host)
	}
	return env.d.Plan()
}

// toSend is how many records activation would send: those read, less the
// ones that fail before any request and those the ledger settles.
func toSend(sum deliver.Summary) int {
	return max(0, sum.Records-sum.Failed-sum.Skipped-sum.InDoubt-sum.Left)
}

// records says "1 record" or "N records".
func records(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
