package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/ui"
	"github.com/cliodest/cliodest/ui/home"
)

// canPrompt reports whether cliodest may ask questions: only when both
// stdin and stdout are terminals, so scripts and pipes never hang.
func canPrompt(f *Factory) bool {
	return f.InTTY && f.OutTTY
}

// startWizard is what bare `cliodest` does: on a terminal, the home on a
// folder of destination files, else the wizard; a usage error elsewhere.
func startWizard(ctx context.Context, f *Factory, o *rootOptions) error {
	if !canPrompt(f) && !accessibleOn(f) {
		return usageErrorf("the wizard needs a terminal (stdin and stdout); to create a destination from a script, use\n  cliodest new --no-input -o FILE --nexset … --template … (see cliodest new --help)\nor --accessible for plain line prompts. Commands:\n%s", o.commands)
	}
	if dir := homeDir(o.dir); home.HasDestinations(dir) {
		return openHome(ctx, f, dir, false, wizardFromHome(f, o.pin, o.dir), testFromHome(f, o.pin, o.dir))
	}
	return openWizardIn(ctx, f, o.pin, "", o.dir, false)
}

// openWizard opens the interactive wizard (package ui) for a new
// destination, or for editPath when set (cliodest edit FILE); pin: the
// command line gave --base-url, which a saved destination keeps.
func openWizard(ctx context.Context, f *Factory, pin bool, editPath string) error {
	return openWizardIn(ctx, f, pin, editPath, "", false)
}

// openWizardIn is openWizard with its Nexset picker and a new
// destination's file in dir ("" for the working directory); atTest opens
// editPath at its Test step.
func openWizardIn(ctx context.Context, f *Factory, pin bool, editPath, dir string, atTest bool) error {
	held := &heldWarnings{} // the store's warnings, once the wizard's screen is gone
	defer held.release(f.ErrOut)
	store, err := newCredStoreWarning(f, held)
	if err != nil {
		return err
	}
	base, hasBase, err := f.BaseURL()
	if err != nil {
		return err
	}
	start, save := dir, filepath.Join(dir, "destination.yaml")
	if dir == "" {
		start, _ = os.Getwd()
	}
	port, err := envRedirectPort(f)
	if err != nil {
		return err
	}
	idx, err := destinationIndex(f)
	if err != nil {
		return err
	}
	err = wizardRunner(f)(ctx, ui.Options{
		Index:        idx,
		RedirectPort: port,
		In:           f.In, Out: f.rawErr(), Result: f.Out, Env: f.Env, Store: store,
		BaseURL: base, HasBaseURL: hasBase, PinBaseURL: pin, Token: f.Token(),
		StartDir: start, EditPath: editPath, StartAtTest: atTest, SavePath: save, UserAgent: userAgent(),
		OpenBrowser: func(u string) error {
			if !hasDisplay(f.Env) {
				return errors.New("no display")
			}
			return f.OpenBrowser(u)
		},
	})
	var le *ui.LoadError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ui.ErrAborted):
		return &ExitError{Code: exitInterrupted, Err: err}
	case errors.As(err, &le):
		return &ExitError{Code: exitFailed, Err: err}
	}
	return err
}

// commandList renders the visible subcommands of root, one per line.
func commandList(root *cobra.Command) string {
	var b strings.Builder
	width := 0
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() && len(sub.Name()) > width {
			width = len(sub.Name())
		}
	}
	for _, sub := range root.Commands() {
		if !sub.IsAvailableCommand() {
			continue
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, sub.Name(), sub.Short)
	}
	return b.String()
}

// baseURLFlagged says --base-url was on the command line (not only in
// CLIODEST_BASE_URL): only then does a saved destination keep it.
func baseURLFlagged(c *cobra.Command) bool {
	fl := c.Flags().Lookup("base-url")
	return fl != nil && fl.Changed
}
