package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

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
}

func newDemoCmd(f *Factory) *cobra.Command {
	o := demoOptions{}
	c := &cobra.Command{
		Use:   "demo",
		Short: "Try the wizard against the built-in sandbox, with sample Nexsets",
		Long: `Demo is a rehearsal that needs no Clio account. It starts the built-in
Clio-compatible sandbox on a free loopback port, logs in to it with a
throw-away credential (your saved credentials and keyring are not touched),
copies the sample Nexsets into a directory (cliodest-demo by default; files
already there are kept), and opens the wizard on them.

Whatever you send - test requests, an activation - goes to the sandbox and is
forgotten when the demo ends. The destination you save stays, in the demo
directory beside its Nexset, so you can open it again later against a sandbox:
  cliodest sandbox > sandbox.env &  . ./sandbox.env
  cliodest edit cliodest-demo/my-destination.yaml

The wizard needs a terminal. With --accessible (or ACCESSIBLE=1) it asks plain
line questions instead, which also read answers from a pipe.`,
		Example: `  cliodest demo
  cliodest demo --accessible
  cliodest demo --log sandbox.jsonl --rate-limit 10`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runDemo(c.Context(), f, o)
		},
	}
	c.Flags().StringVar(&o.dir, "dir", "cliodest-demo", "directory for the sample Nexsets and your destination")
	c.Flags().StringVar(&o.logFile, "log", "", "append a JSON Lines log of every sandbox request to `FILE`")
	c.Flags().IntVar(&o.rateLimit, "rate-limit", 0, "sandbox requests per minute and token (0 = Clio's 50, -1 = no limit)")
	return c
}

func runDemo(ctx context.Context, f *Factory, o demoOptions) error {
	if o.rateLimit < -1 {
		return usageErrorf("--rate-limit %d is out of range: give a positive number, 0 for Clio's 50 or -1 for no limit", o.rateLimit)
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

	start, _ := os.Getwd()
	startDir := env.dir
	if rel, err := filepath.Rel(start, env.dir); err == nil && filepath.IsLocal(rel) {
		startDir = rel
	}
	err = wizardRunner(f)(ctx, ui.Options{
		In: f.In, Out: f.ErrOut, Result: f.Out, Env: f.Env, Store: env.store,
		BaseURL: env.host, HasBaseURL: true,
		StartDir: startDir, SavePath: filepath.Join(startDir, "my-destination.yaml"), Demo: true,
	})
	switch {
	case err == nil:
		fmt.Fprintf(f.ErrOut, "\nThe sandbox has stopped; what it stored is gone. Your files are in %s.\n"+
			"To open your destination again: cliodest sandbox > sandbox.env &  . ./sandbox.env  then  cliodest edit FILE\n", startDir)
		return nil
	case errors.Is(err, ui.ErrAborted):
		return &ExitError{Code: exitInterrupted, Err: err}
	}
	return err
}

// demoEnv is a running sandbox with a credential for it and the samples.
type demoEnv struct {
	host      clio.Host
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
		UserAgent: "cliodest/" + versionString()})
	access, _ := s.IssueToken()
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

// banner says plainly that this is a rehearsal, on stderr.
func (e *demoEnv) banner(w io.Writer) {
	logNote := "none (add --log FILE)"
	if e.logFile != "" {
		logNote = e.logFile
	}
	fmt.Fprintf(w, `cliodest demo: a rehearsal against the built-in sandbox at %s
  Not Clio: nothing leaves this machine, and the sandbox forgets everything when the demo ends.
  Credential %q acts as %s; your own credentials and keyring are not used.
  Sample Nexsets: %s
  Sandbox request log: %s

`, e.host, demoCredential, e.user.Name, e.dir, logNote)
}
