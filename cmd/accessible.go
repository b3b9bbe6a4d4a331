package cmd

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/ui"
	"github.com/cliodest/cliodest/ui/accessible"
)

// addAccessibleFlag registers --accessible on root for every command that
// opens the wizard (bare cliodest, edit, demo).
func addAccessibleFlag(root *cobra.Command, f *Factory) {
	root.PersistentFlags().BoolVar(&f.Accessible, "accessible", false,
		"ask the wizard's questions as plain lines, for screen readers (env ACCESSIBLE=1)")
}

// accessibleOn reports whether the wizard should be plain prompts: the flag,
// ACCESSIBLE set to a true value, or a terminal that cannot draw (TERM=dumb).
func accessibleOn(f *Factory) bool {
	if f.Accessible {
		return true
	}
	if v := strings.TrimSpace(f.Env("ACCESSIBLE")); v != "" {
		if on, err := strconv.ParseBool(v); err == nil {
			return on
		}
		return true // any other non-empty value, like NO_COLOR
	}
	return f.Env("TERM") == "dumb"
}

// wizardRunner returns the wizard to open: the Bubble Tea one (ui.Run), or
// its accessible counterpart, which takes the same options. An abandoned
// accessible journey is reported as ui.ErrAborted so callers need one check.
func wizardRunner(f *Factory) func(context.Context, ui.Options) error {
	if !accessibleOn(f) {
		return ui.Run
	}
	return func(ctx context.Context, o ui.Options) error {
		err := accessible.Run(ctx, o)
		if errors.Is(err, accessible.ErrAborted) {
			return abortedError{err}
		}
		return err
	}
}

// abortedError is an abandoned accessible journey: it is ui.ErrAborted for
// callers, and reads as the accessible wizard's own message (said once).
type abortedError struct{ err error }

func (e abortedError) Error() string   { return e.err.Error() }
func (e abortedError) Unwrap() []error { return []error{ui.ErrAborted, e.err} }
