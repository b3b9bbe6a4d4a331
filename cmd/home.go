package cmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/cliodest/cliodest/ui"
	"github.com/cliodest/cliodest/ui/accessible"
	"github.com/cliodest/cliodest/ui/home"
)

// homeDir is where bare cliodest looks for destination files: --dir, else
// the working directory.
func homeDir(dirFlag string) string {
	if dirFlag != "" {
		return dirFlag
	}
	wd, _ := os.Getwd()
	return wd
}

// openHome opens the destinations home on dir; wizard opens the wizard
// from it (edit FILE, or a new destination for "").
func openHome(ctx context.Context, f *Factory, dir string, demo bool, wizard, test func(context.Context, string) error) error {
	s, err := newSession(f)
	if err != nil {
		return err
	}
	held := &heldWarnings{} // the store's warnings, once the home's screen is gone
	defer held.release(f.ErrOut)
	if s.Store, err = newCredStoreWarning(f, held); err != nil {
		return err
	}
	o := home.Options{Dir: dir, In: f.In, Out: f.rawErr(), Env: f.Env, Run: home.SessionRunner(s), Preview: home.SessionPreviewer(s), Wizard: wizard, Test: test, Demo: demo}
	if f.Token() == "" {
		if s.Store != nil {
			o.Creds = s.Store
		}
	}
	runHome := home.Run
	if accessibleOn(f) {
		runHome = accessible.RunHome // numbered menus
	}
	return interrupted(runHome(ctx, o))
}

// wizardFromHome opens the wizard from the home: a saved destination to
// edit, or a new one saved in dir.
func wizardFromHome(f *Factory, pin bool, dir string) func(context.Context, string) error {
	return func(ctx context.Context, file string) error {
		return openWizardIn(ctx, f, pin, file, dir, false)
	}
}

// testFromHome opens the wizard from the home on a saved destination at
// its Test step (the home's t).
func testFromHome(f *Factory, pin bool, dir string) func(context.Context, string) error {
	return func(ctx context.Context, file string) error {
		return openWizardIn(ctx, f, pin, file, dir, true)
	}
}

// interrupted maps the home's abort to exit 130, as the wizard's.
func interrupted(err error) error {
	if errors.Is(err, ui.ErrAborted) || errors.Is(err, accessible.ErrAborted) {
		return &ExitError{Code: exitInterrupted, Err: err}
	}
	return err
}

// relDir is dir relative to the working directory when it lies below it.
func relDir(dir string) string {
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(wd, dir); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return dir
}
