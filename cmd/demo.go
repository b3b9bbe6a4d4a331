package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/samples"
	"github.com/cliodest/cliodest/ui"
)

// demoCredential is the name of the sandbox login the demo makes.
const demoCredential = "sandbox"

type demoOptions struct {
	dir       string
	logFile   string
	rateLimit int
	edit      string // a destination saved by an earlier demo, to open again
}

// newDemoCmd parses demo's flags into demoOptions and hands them to
// runDemo (or a test's run function).
func newDemoCmd(f *Factory, run ...runFunc[demoOptions]) *cobra.Command {
	o := &demoOptions{}
	runF := pickRun(func(ctx context.Context, o *demoOptions) error { return runDemo(ctx, f, *o) }, run)
	c := &cobra.Command{
		Use:   "demo [FILE]",
		Short: "Try the home and the wizard against the built-in sandbox, with sample destinations",
		Long: `Demo is a rehearsal that needs no Clio account. It starts the built-in
Clio-compatible sandbox on a free loopback port, logs in to it with a
throw-away credential (your saved credentials and keyring are not touched),
copies the sample destinations and Nexsets into a directory (cliodest-demo by
default; files already there are kept), and opens the home on them: n there
opens the wizard (--accessible opens the wizard's plain questions directly).

Whatever you send - test requests, an activation - goes to the sandbox and is
forgotten when the demo ends. The destination you save stays, in the demo
directory beside its Nexset; give it to demo to open it again, every choice
kept, on a fresh sandbox:
  cliodest demo cliodest-demo/my-destination.yaml

The home and the wizard need a terminal. With --accessible (or ACCESSIBLE=1) the wizard asks plain
line questions instead, which also read answers from a pipe.`,
		Example: `  cliodest demo
  cliodest demo cliodest-demo/my-destination.yaml
  cliodest demo --accessible
  cliodest demo --log sandbox.jsonl --rate-limit 10`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if o.rateLimit < -1 {
				return usageErrorf("--rate-limit %d is out of range: give a positive number, 0 for Clio's 50 or -1 for no limit", o.rateLimit)
			}
			if len(args) == 1 {
				o.edit = args[0]
			}
			return runF(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.dir, "dir", "cliodest-demo", "directory for the sample Nexsets and your destination")
	c.Flags().StringVar(&o.logFile, "log", "", "append a JSON Lines log of every sandbox request to `FILE`")
	c.Flags().IntVar(&o.rateLimit, "rate-limit", 0, "sandbox requests per minute and token (0 = Clio's 50, -1 = no limit)")
	return c
}

func runDemo(ctx context.Context, f *Factory, o demoOptions) error {
	if o.edit != "" {
		if _, err := os.Stat(o.edit); err != nil {
			return usageErrorf("demo %s: %w (give a destination file saved by an earlier demo, or none for a new one)", o.edit, errors.Unwrap(err))
		}
	}
	if !canPrompt(f) && !accessibleOn(f) {
		return usageErrorf("demo opens the wizard, which needs a terminal (stdin and stdout); on a terminal run: cliodest demo\n(plain line questions that read a pipe: cliodest demo --accessible)")
	}
	env, err := setUpDemo(ctx, f, o)
	if err != nil {
		return err
	}
	defer env.close()
	env.banner(f.ErrOut)
	before := yamlTimes(env.dir)

	start, _ := os.Getwd()
	startDir := relDir(env.dir)
	if o.edit == "" && !accessibleOn(f) {
		err = openHome(ctx, env.factory(f), env.dir, true, func(ctx context.Context, file string) error {
			return env.wizard(ctx, f, startDir, file, false)
		}, func(ctx context.Context, file string) error {
			return env.wizard(ctx, f, startDir, file, true)
		})
		if err == nil {
			demoGoodbye(f.ErrOut, startDir, "To open them again on a fresh sandbox:", "cliodest demo")
		}
		return err
	}
	err = env.wizard(ctx, f, startDir, o.edit, false)
	switch {
	case err == nil:
		again := o.edit
		if again == "" {
			again = savedSince(env.dir, before)
			if rel, err := filepath.Rel(start, again); err == nil && again != "" && filepath.IsLocal(rel) {
				again = rel
			}
		}
		if again == "" {
			again = "FILE"
		}
		demoGoodbye(f.ErrOut, startDir, "To open your destination again on a fresh sandbox:", "cliodest demo "+again)
		return nil
	case errors.Is(err, ui.ErrAborted):
		return &ExitError{Code: exitInterrupted, Err: err}
	}
	return err
}

// demoGoodbye prints the demo's last words: the sandbox is gone, where
// the files are, and the command that opens them again. Each sentence has
// its own line, so that none wraps at 80 columns for the default folder;
// the command has its own line too, as a path may be long.
func demoGoodbye(w io.Writer, dir, again, command string) {
	fmt.Fprintf(w, "\nThe sandbox has stopped; what it stored is gone.\nYour files are in %s.\n%s\n  %s\n", dir, again, command)
}

// demoEnv is a running sandbox with a credential for it and the samples.
type demoEnv struct {
	host      clio.Host
	token     string // the sandbox's access token; never shown
	store     *cred.Store
	user      cred.User
	dir       string // absolute: the samples and the destination
	configDir string // throw-away: removed by close
	logFile   string
	stop      func() error
}

// setUpDemo starts the sandbox, logs in to it in a throw-away config
// directory with an in-memory keyring, and writes the samples.
func setUpDemo(ctx context.Context, f *Factory, o demoOptions) (_ *demoEnv, err error) {
	dir, err := filepath.Abs(o.dir)
	if err != nil {
		return nil, usageErrorf("--dir %s: %w", o.dir, err)
	}
	if err := samples.WriteTo(dir); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	e := &demoEnv{dir: dir, logFile: o.logFile}
	var closers []func() error
	defer func() {
		if err != nil {
			for i := len(closers) - 1; i >= 0; i-- {
				_ = closers[i]()
			}
		}
	}()

	var logW io.Writer
	if o.logFile != "" {
		file, err := os.OpenFile(o.logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("opening the --log file: %w", err)
		}
		closers = append(closers, file.Close)
		logW = &lockedWriter{w: file}
	}
	s := sandbox.New(sandbox.Config{RateLimit: o.rateLimit, Log: logW, Now: f.Now})
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	baseURL, wait, err := sandbox.ListenAndServe(sctx, "127.0.0.1:0", s)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("starting the sandbox: %w", err)
	}
	closers = append(closers, func() error {
		cancel()
		if err := wait(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	if e.host, err = clio.ParseBaseURL(baseURL); err != nil {
		return nil, fmt.Errorf("sandbox address %s: %w", baseURL, err)
	}

	if e.configDir, err = os.MkdirTemp("", "cliodest-demo-*"); err != nil {
		return nil, fmt.Errorf("demo config directory: %w", err)
	}
	closers = append(closers, func() error { return os.RemoveAll(e.configDir) })
	e.store = cred.NewStore(cred.Options{Dir: e.configDir, Keyring: &cred.MemoryKeyring{}, Warn: f.ErrOut, Now: f.Now,
		UserAgent: userAgent()})
	access, _ := s.IssueToken()
	e.token = access
	c, err := e.store.Login(ctx, cred.LoginOptions{Name: demoCredential, Host: e.host, Kind: cred.KindToken, Token: access})
	if err != nil {
		return nil, fmt.Errorf("logging in to the sandbox: %w", err)
	}
	e.user = c.User
	e.stop = func() error {
		var errs []error
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	return e, nil
}

func (e *demoEnv) close() error { return e.stop() }

// wizard opens the wizard on the sandbox, its Nexset picker in startDir;
// edit is a destination to open again ("" for a new one).
func (e *demoEnv) wizard(ctx context.Context, f *Factory, startDir, edit string, atTest bool) error {
	return wizardRunner(f)(ctx, ui.Options{
		In: f.In, Out: f.rawErr(), Result: f.Out, Env: f.Env, Store: e.store,
		BaseURL: e.host, HasBaseURL: true,
		StartDir: startDir, StartNexset: filepath.Join(startDir, samples.DemoNexset),
		SavePath: filepath.Join(startDir, "my-destination.yaml"), Demo: true, EditPath: edit, StartAtTest: atTest, UserAgent: userAgent(),
	})
}

// factory is f with the demo's sandbox in place of the user's Clio: its
// token stands in for every destination's credential (the samples name
// "firm"), its host for theirs, and its throw-away config directory for
// the user's, so activating from the demo's home reaches only the sandbox.
func (e *demoEnv) factory(f *Factory) *Factory {
	df := *f
	df.Token = func() string { return e.token }
	df.BaseURL = func() (clio.Host, bool, error) { return e.host, true, nil }
	df.ConfigDir = func() (string, error) { return e.configDir, nil }
	return &df
}

// yamlTimes notes when each destination file in dir was last written.
func yamlTimes(dir string) map[string]time.Time {
	out := map[string]time.Time{}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			out[p] = fi.ModTime()
		}
	}
	return out
}

// savedSince names the destination file in dir written last since the
// before snapshot (new or rewritten), or "" when none was: the one to offer
// for `cliodest demo FILE` at the end.
func savedSince(dir string, before map[string]time.Time) string {
	best, bestTime := "", time.Time{}
	for p, t := range yamlTimes(dir) {
		if old, ok := before[p]; ok && t.Equal(old) {
			continue
		}
		if best == "" || t.After(bestTime) {
			best, bestTime = p, t
		}
	}
	return best
}

// banner says plainly that this is a rehearsal, on stderr.
func (e *demoEnv) banner(w io.Writer) {
	logNote := "none (add --log FILE)"
	if e.logFile != "" {
		logNote = e.logFile
	}
	// Lines of at most 80 columns, as the terminal it opens on may be.
	fmt.Fprintf(w, `cliodest demo: a rehearsal against the built-in sandbox, not Clio.
  Sandbox: %s (nothing leaves this machine, and the sandbox
  forgets everything when the demo ends)
  Credential %q acts as %s; your own credentials and keyring are
  not used.
  Sample Nexsets: %s
  Sandbox request log: %s

`, e.host, demoCredential, e.user.Name, e.dir, logNote)
}
