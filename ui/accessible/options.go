package accessible

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cliodest/cliodest/internal/termtext"
	"github.com/cliodest/cliodest/ui/wizard"
)

// Options are the full-screen wizard's (ui.Options), so a command opens
// either with the same value.
type Options = wizard.Options

// ErrAborted is returned when the answers end (or the context is cancelled)
// before the destination was saved. Commands map it to exit code 130.
var ErrAborted = errors.New("accessible wizard closed without saving")

// Run asks the wizard's questions in order and saves the destination.
func Run(ctx context.Context, o Options) error {
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Out == nil {
		o.Out = os.Stderr
	}
	if o.Result == nil {
		o.Result = io.Discard
	}
	// Text from a Nexset or a server is shown as text, never as escape
	// sequences the terminal would obey.
	o.Out, o.Result = termtext.NewWriter(o.Out), termtext.NewWriter(o.Result)
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	if o.SavePath == "" {
		o.SavePath = "destination.yaml"
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	j := &journey{o: o, p: newPrompter(ctx, o.In, o.Out)}
	if err := j.run(ctx); err != nil {
		if errors.Is(err, errEndOfInput) || errors.Is(err, context.Canceled) {
			return fmt.Errorf("%w: %w", ErrAborted, err)
		}
		return err
	}
	return nil
}
