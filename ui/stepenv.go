package ui

import (
	"context"
	"os/exec"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// stepEnv is everything a wizard step depends on, and nothing of the root
// model's own (its layout, step list, side pane, help or quit question):
// the destination being edited, what the Nexset step read, the checked
// connection, the options the wizard was opened with (the credential
// store among them), flow/session's use cases, the styles, the notice and
// the unsaved flag, and a navigator to move on. The root model
// embeds one and hands it to the current step; a step's unit test builds
// one with newTestEnv (stepenv_test.go), without a model, a sandbox or
// a terminal.
type stepEnv struct {
	ctx context.Context
	o   Options
	st  styles

	d      *flow.Destination // what the wizard edits; flow decides what it means
	recs   []nexset.Record   // the Nexset's first records (head)
	total  int               // records in the whole Nexset; -1 while counting or unknown
	schema nexset.Schema
	conn   connection // the chosen credential, once checked
	lk     lookups    // values looked up for the samples (lookups.go)

	flash     string             // one-line notice under the step
	dirty     bool               // unsaved changes
	savedPath string             // the file the Save step wrote
	activated string             // summary of an activation run, for the final message
	keptTests []deliver.KeptTest // test objects kept before the destination had a file: recorded when it is saved
	quitting  bool               // a step closed the wizard (with tea.Quit)

	spin   spinner.Model
	noSpin bool // tests driving Update by hand: no timer-driven ticks
	// execProcess hands the terminal to a program ($EDITOR): tea.ExecProcess;
	// tests run the editor without a terminal.
	execProcess func(*exec.Cmd, tea.ExecCallback) tea.Cmd

	uses useCases // flow/session: the options' session, or a test's fake
	nav  navigator
}

// useCases are the flow/session use cases the steps start: connect (the
// credential check), the test send's request, send, undo and keep, the
// Save offer's check (a dry run) and activation. The wizard's session
// (Options.Session) has them; a step's unit test may answer in its place.
type useCases interface {
	Connect(ctx context.Context, l session.Login) (*session.Conn, error)
	TestRequest(ctx context.Context, p *flow.Planner, conn *session.Conn, rec nexset.Record) (flow.Call, *flow.Planner, error)
	TestSend(ctx context.Context, conn *session.Conn, t session.Test) (session.Tested, error)
	UndoTest(ctx context.Context, conn *session.Conn, t session.Test, object int64) (int64, error)
	KeepTests(d *flow.Destination, file string, host clio.Host, kept []deliver.KeptTest) ([]deliver.TestSent, error)
	Activate(ctx context.Context, a session.Activation) (*session.Run, error)
	Check(ctx context.Context, a session.Activation) (*session.Run, error)
}

// navigator is the one thing a step asks of the wizard around it: to go
// on to the next step.
type navigator interface {
	next() tea.Cmd
}

// next moves the wizard on to the step after the current one.
func (env *stepEnv) next() tea.Cmd { return env.nav.next() }

// startSpinner is what a step returns with slow work.
func (env *stepEnv) startSpinner() tea.Cmd {
	if env.noSpin {
		return nil
	}
	return env.spin.Tick
}

// skipped says a step has nothing to choose: Batching for a template (it
// sends one record per request), unless a loaded file turned it on.
func (env *stepEnv) skipped(s stepID) bool {
	return s == stepBatching && env.d.IsTemplate() && !env.d.Batching.Enabled
}
