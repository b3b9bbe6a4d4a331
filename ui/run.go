package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	tea "charm.land/bubbletea/v2"

	"golang.org/x/term"

	"github.com/cliodest/cliodest/ui/wizard"
)

// Options is what the wizard needs from the command that starts it; the
// accessible wizard takes the same.
type Options = wizard.Options

// ErrAborted is returned by Run when the user leaves the wizard without
// saving (after confirming). Commands map it to exit code 130.
var ErrAborted = errors.New("wizard closed without saving")

// Run opens the wizard and returns when the user leaves it. When a
// destination was saved, a summary is written to o.Result.
func Run(ctx context.Context, o Options) error {
	if o.Out == nil {
		o.Out = os.Stderr
	}
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	m, err := newModel(ctx, o)
	if err != nil {
		return err
	}
	// A terminal goes to Bubble Tea as is: it must see the *os.File to put
	// it in raw mode. Anything else is watched for its end.
	in := &eofReader{r: o.In}
	var input io.Reader = in
	if f, ok := o.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		input = f
		m.askBackground = true
	}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(input), tea.WithOutput(o.Out)}
	if p, ok := DetectProfile(o.Env); ok {
		opts = append(opts, tea.WithColorProfile(p))
	}
	p := tea.NewProgram(m, opts...)
	in.onEOF = func() { p.Send(inputClosedMsg{}) }
	final, err := p.Run()
	if fm, ok := final.(*model); ok {
		fm.shutdown()
		if err == nil {
			err = fm.finish(o.Result)
		}
	}
	if err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
			return fmt.Errorf("%w: %w", ErrAborted, err)
		}
		return err
	}
	return nil
}

// ErrInputClosed is returned by Run when its input ends before the user
// leaves the wizard (a closed terminal, a pipe that ran dry).
var ErrInputClosed = errors.New("the wizard's input closed before it finished")

type inputClosedMsg struct{}

// eofReader tells the program when its input ends: Bubble Tea would
// otherwise wait for keys that can never come.
type eofReader struct {
	r     io.Reader
	onEOF func()
	once  sync.Once
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.EOF) && e.onEOF != nil {
		e.once.Do(e.onEOF)
	}
	return n, err
}
