package cmd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/internal/termtext"
)

// Factory is what a command may depend on. Commands reach the world through
// it, never through globals, so tests can give them buffers and a fake
// environment.
type Factory struct {
	In io.Reader
	// Out and ErrOut carry human output: fillDefaults wraps them in a
	// termtext.Writer, so text from a Nexset or a server cannot send the
	// terminal escape sequences. rawOut and rawErr reach the streams
	// beneath, for JSON (exact strings) and for what cliodest draws itself.
	Out, ErrOut io.Writer
	// InTTY, OutTTY and ErrTTY say whether the real streams are terminals;
	// prompt only when InTTY and OutTTY are both true (see canPrompt).
	InTTY, OutTTY, ErrTTY bool

	Env func(string) string // os.Getenv in production
	Now func() time.Time

	// ConfigDir is where credentials metadata and settings live:
	// os.UserConfigDir()/cliodest, or $CLIODEST_CONFIG_DIR when set.
	ConfigDir func() (string, error)

	// BaseURL resolves --base-url, else $CLIODEST_BASE_URL. ok is false when
	// neither is set (use the credential's regional host). A bad value is a
	// usage error. newRootCmd wires it to the flag.
	BaseURL func() (host clio.Host, ok bool, err error)

	// Accessible is --accessible: the wizard asks plain line questions
	// instead of drawing the full screen (see accessibleOn).
	Accessible bool

	// Token is $CLIODEST_TOKEN, read once: an access token used instead of a
	// saved credential. Never print it.
	Token func() string

	// OpenBrowser starts the user's browser on a URL ($BROWSER, else the
	// system's opener); tests follow the URL themselves instead.
	OpenBrowser func(url string) error
}

// newSystemFactory builds the Factory for the real process.
func newSystemFactory() *Factory {
	f := &Factory{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Env:    os.Getenv,
		Now:    time.Now,
	}
	f.fillDefaults()
	return f
}

// fillDefaults gives every unset field a harmless value, so a test builds a
// Factory with only what it cares about. A nil Env sees an empty environment
// rather than the host's, so tests do not depend on who runs them.
func (f *Factory) fillDefaults() {
	if f.In == nil {
		f.In = strings.NewReader("")
	}
	if f.Out == nil {
		f.Out = io.Discard
	}
	if f.ErrOut == nil {
		f.ErrOut = io.Discard
	}
	f.Out, f.ErrOut = termtext.NewWriter(f.Out), termtext.NewWriter(f.ErrOut)
	if f.Env == nil {
		f.Env = func(string) string { return "" }
	}
	if f.Now == nil {
		f.Now = time.Now
	}
	if f.ConfigDir == nil {
		env := f.Env
		f.ConfigDir = func() (string, error) { return configDir(env, os.UserConfigDir) }
	}
	if f.Token == nil {
		env := f.Env
		f.Token = sync.OnceValue(func() string { return strings.TrimSpace(env("CLIODEST_TOKEN")) })
	}
	if f.BaseURL == nil {
		env := f.Env
		f.BaseURL = func() (clio.Host, bool, error) { return resolveBaseURL("", env) }
	}
	if f.OpenBrowser == nil {
		env := f.Env
		f.OpenBrowser = func(u string) error { return startBrowser(env, u) }
	}
}

// rawOut is standard output without the terminal sanitiser: for JSON,
// whose encoding escapes what must be escaped and keeps strings exact.
func (f *Factory) rawOut() io.Writer { return termtext.Raw(f.Out) }

// rawErr is standard error without the sanitiser: for the wizard's screen
// and the progress line's own control sequences.
func (f *Factory) rawErr() io.Writer { return termtext.Raw(f.ErrOut) }

// configDir picks $CLIODEST_CONFIG_DIR, else the OS's per-user config
// directory plus "cliodest".
func configDir(env func(string) string, userConfigDir func() (string, error)) (string, error) {
	if d := env("CLIODEST_CONFIG_DIR"); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("CLIODEST_CONFIG_DIR %q: %w", d, err)
		}
		return abs, nil
	}
	base, err := userConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the user config directory (set CLIODEST_CONFIG_DIR): %w", err)
	}
	return filepath.Join(base, "cliodest"), nil
}

// resolveBaseURL applies the flag, then the environment. The value is not
// echoed back: a URL can carry credentials in its user part.
func resolveBaseURL(flagValue string, env func(string) string) (clio.Host, bool, error) {
	raw, source := flagValue, "--base-url"
	if raw == "" {
		raw, source = env("CLIODEST_BASE_URL"), "CLIODEST_BASE_URL"
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return clio.Host{}, false, nil
	}
	h, err := clio.ParseBaseURL(raw)
	if err != nil {
		return clio.Host{}, false, usageErrorf("invalid %s: %w", source, err)
	}
	return h, true, nil
}
