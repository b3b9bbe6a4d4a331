package home

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/term"

	"github.com/cliodest/cliodest/ui"
)

// Run opens the home on o.Dir and returns when the user quits it. Edit and
// new close the home, open the wizard (o.Wizard) and open the home again
// when it returns, with the runs started here still going. Runs still
// going when the user quits (after confirming) are stopped: their in-flight
// requests finish within the engine's grace, and Run waits for that, so
// the ledger records every record's fate before the program exits.
func Run(ctx context.Context, o Options) error {
	if o.Out == nil {
		o.Out = os.Stderr
	}
	if o.In == nil {
		o.In = os.Stdin
	}
	o.fill()
	rs := newRuns()
	defer func() {
		if rs.active() {
			fmt.Fprintln(o.Out, "Stopping the runs started from the home: their in-flight requests finish first, and the ledger records where each stopped.")
		}
		rs.stopAll()
	}()
	for {
		rows, err := scan(o.Dir)
		if err != nil {
			return fmt.Errorf("reading %s: %w", o.Dir, err)
		}
		m := newModel(ctx, o, rows, rs)
		in, terminal := input(o.In)
		m.askBackground = terminal
		opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(o.Out)}
		if p, ok := ui.DetectProfile(o.Env); ok {
			opts = append(opts, tea.WithColorProfile(p))
		}
		final, err := tea.NewProgram(m, opts...).Run()
		if err != nil {
			if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
				return fmt.Errorf("%w: %w", ui.ErrAborted, err)
			}
			return err
		}
		fm, ok := final.(*model)
		if !ok || fm.next == nil {
			return nil
		}
		open := o.Wizard
		if fm.nextTest {
			open = o.Test
		}
		if err := open(ctx, *fm.next); err != nil && !errors.Is(err, ui.ErrAborted) {
			return err
		}
	}
}

// input is what Bubble Tea reads keys from: a terminal as it is (it must
// see the *os.File to put it in raw mode; true), anything else as a reader.
func input(in io.Reader) (io.Reader, bool) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return f, true
	}
	return in, false
}
