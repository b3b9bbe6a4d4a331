package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/internal/prompt"
)

type loginOptions struct {
	name, region, clientID     string
	clientSecretStdin          bool
	tokenStdin                 bool
	noBrowser, pasteCode       bool
	redirectPort               int
	insecureStorage, force     bool
	regionSet, clientIDFlagSet bool
}

// newLoginCmd parses login's flags into loginOptions and hands them to
// runLogin (or a test's run function).
func newLoginCmd(f *Factory, run ...runFunc[loginOptions]) *cobra.Command {
	o := &loginOptions{}
	runF := pickRun(func(ctx context.Context, o *loginOptions) error { return runLogin(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "login",
		Short: "Connect a Clio account and save it as a named credential",
		Long: `Connect a Clio account once; destinations then refer to it by name.

Two ways in:
  - browser: with your Clio developer app's client ID and secret, cliodest opens
    Clio's consent page and receives the answer on http://127.0.0.1:47812/callback:
    register exactly that redirect URI in the app (Clio accepts only registered
    ones). --redirect-port N (or CLIODEST_REDIRECT_PORT) moves it to port N;
    register http://127.0.0.1:N/callback then. Tokens refresh themselves.
    --paste-code uses Clio's approval page instead (register
    https://app.clio.com/oauth/approval, or your region's host): you paste the
    code it shows.
  - token: paste an access token on standard input (--token-stdin). It cannot
    refresh; log in again when Clio stops accepting it.

Either way the token is checked with Clio's who_am_i before anything is saved.
Secrets go to the OS keyring (service "cliodest"); names, hosts and users to
credentials.yaml in the config directory. A credential's token is only ever
sent to its own Clio host. Secrets are read from standard input, never from
arguments, so they stay out of shell history and process lists.`,
		Example: `  # On a terminal: answer the questions
  cliodest login

  # Browser login in a script (the client secret is the first line of stdin)
  printf '%s\n' "$CLIO_CLIENT_SECRET" | cliodest login --name firm --region eu --client-id abc123 --client-secret-stdin

  # Pasted access token against the sandbox
  echo "$TOKEN" | cliodest --base-url http://127.0.0.1:8765 login --name sandbox --token-stdin`,
		// Never echo an argument: it may be a token pasted in the wrong place.
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("login takes no arguments; a token is read from standard input (--token-stdin), never from the command line")
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			o.regionSet = c.Flags().Changed("region")
			if err := resolveRedirectPort(c, f, o); err != nil {
				return err
			}
			o.clientIDFlagSet = c.Flags().Changed("client-id")
			return runF(c.Context(), o)
		},
	}
	fl := c.Flags()
	fl.StringVar(&o.name, "name", "", "name to save the credential under (letters, digits, '.', '_', '-')")
	fl.StringVar(&o.region, "region", "", "Clio region: us, ca, eu or au (default us; or use --base-url)")
	fl.StringVar(&o.clientID, "client-id", "", "client ID of your Clio developer app (browser login)")
	fl.BoolVar(&o.clientSecretStdin, "client-secret-stdin", false, "read the app's client secret from the first line of standard input")
	fl.BoolVar(&o.tokenStdin, "token-stdin", false, "read an access token from standard input instead of logging in through the browser")
	fl.BoolVar(&o.noBrowser, "no-browser", false, "print the authorization URL instead of opening a browser")
	fl.BoolVar(&o.pasteCode, "paste-code", false, "use Clio's approval page as the redirect and paste the code it shows")
	fl.IntVar(&o.redirectPort, "redirect-port", clio.DefaultRedirectPort, "loopback port of the redirect URI registered in your Clio app, http://127.0.0.1:PORT/callback (env CLIODEST_REDIRECT_PORT)")
	fl.BoolVar(&o.insecureStorage, "insecure-storage", false, "keep secrets unencrypted in a 0600 file in the config directory (when no OS keyring is available)")
	fl.BoolVar(&o.force, "force", false, "replace a saved credential of the same name")
	c.MarkFlagsMutuallyExclusive("token-stdin", "client-secret-stdin")
	c.MarkFlagsMutuallyExclusive("token-stdin", "client-id")
	return c
}

func runLogin(ctx context.Context, f *Factory, o *loginOptions) error {
	interactive := canPrompt(f)
	p := prompt.New(ctx, f.In, f.ErrOut)
	p.EndTakesDefault = true // a script's answers may stop short: the rest take their defaults

	host, err := loginHost(f, o, p, interactive)
	if err != nil {
		return err
	}
	kind, err := loginKind(o, p, interactive)
	if err != nil {
		return err
	}
	if o.name == "" {
		if !interactive {
			return usageErrorf("--name is required when not on a terminal")
		}
		if o.name, err = p.Ask("Name for this credential", defaultCredName(host)); err != nil {
			return err
		}
	}
	lo := cred.LoginOptions{Name: o.name, Host: host, Kind: kind, InsecureStorage: o.insecureStorage, Force: o.force}
	store, err := newCredStore(f)
	if err != nil {
		return err
	}

	// Validate name, duplicates and storage before asking for secrets or
	// sending anyone to the browser.
	precheck := lo
	precheck.ClientID, precheck.ClientSecret, precheck.Token = "-", "-", "-"
	if err := credError(store.CheckLogin(precheck)); err != nil {
		return err
	}

	switch kind {
	case cred.KindToken:
		if o.tokenStdin {
			lo.Token, err = p.Line()
		} else {
			lo.Token, err = p.Secret("Paste the access token")
		}
		if err != nil {
			return err
		}
		if strings.TrimSpace(lo.Token) == "" {
			return usageErrorf("the access token is empty")
		}
	case cred.KindOAuth:
		if o.clientID == "" {
			if !interactive {
				return usageErrorf("a browser login needs --client-id (or use --token-stdin)")
			}
			if o.clientID, err = p.Ask("Client ID of your Clio app", ""); err != nil {
				return err
			}
		}
		lo.ClientID = strings.TrimSpace(o.clientID)
		if o.clientSecretStdin {
			lo.ClientSecret, err = p.Line()
		} else if interactive {
			lo.ClientSecret, err = p.Secret("Client secret of your Clio app")
		} else {
			return usageErrorf("a browser login needs the client secret: pass --client-secret-stdin and write it to standard input")
		}
		if err != nil {
			return err
		}
		if lo.ClientSecret = strings.TrimSpace(lo.ClientSecret); lo.ClientSecret == "" {
			return usageErrorf("the client secret is empty")
		}
		lo.Authorize = authorizer(f, o, p, host, lo.ClientID, lo.ClientSecret)
	}

	c, err := store.Login(ctx, lo)
	var ae *clio.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
		// The token given is not one Clio accepts: nothing to resume later, so
		// not "stopped" (3) as a saved credential refused during a run is.
		return &ExitError{Code: exitFailed, Err: err}
	}
	if err != nil {
		return credError(err)
	}
	_, err = fmt.Fprintf(f.Out, "Logged in to Clio (%s) as %s — saved as %q\n", c.HostLabel(), userWords(c.User), c.Name)
	return err
}

func loginHost(f *Factory, o *loginOptions, p *prompt.Prompter, interactive bool) (clio.Host, error) {
	base, hasBase, err := f.BaseURL()
	if err != nil {
		return clio.Host{}, err
	}
	if hasBase {
		if o.regionSet {
			return clio.Host{}, usageErrorf("give --region or --base-url, not both")
		}
		return base, nil
	}
	region := o.region
	if !o.regionSet {
		region = "us"
		if interactive {
			if region, err = p.Ask("Clio region ("+strings.Join(clio.Regions(), ", ")+")", "us"); err != nil {
				return clio.Host{}, err
			}
		}
	}
	h, err := clio.RegionHost(region)
	if err != nil {
		return clio.Host{}, usageErrorf("--region: %w", err)
	}
	return h, nil
}

func loginKind(o *loginOptions, p *prompt.Prompter, interactive bool) (cred.Kind, error) {
	switch {
	case o.tokenStdin:
		return cred.KindToken, nil
	case o.clientIDFlagSet || o.clientSecretStdin:
		return cred.KindOAuth, nil
	case !interactive:
		return "", usageErrorf("say how to log in: --client-id with --client-secret-stdin (browser), or --token-stdin (pasted token)")
	}
	ans, err := p.Ask("Log in through the browser with a Clio app (b) or paste an access token (t)?", "b")
	if err != nil {
		return "", err
	}
	switch strings.ToLower(ans) {
	case "b", "browser":
		return cred.KindOAuth, nil
	case "t", "token":
		return cred.KindToken, nil
	}
	return "", usageErrorf("answer b (browser) or t (token), not %q", ans)
}

// authorizer builds the browser step: loopback callback by default, or
// Clio's approval page with a pasted code.
func authorizer(f *Factory, o *loginOptions, p *prompt.Prompter, host clio.Host, clientID, secret string) func(context.Context) (*oauth2.Token, error) {
	show := func(u string) error {
		if !o.noBrowser && hasDisplay(f.Env) {
			if err := f.OpenBrowser(u); err == nil {
				fmt.Fprintf(f.ErrOut, "Opened Clio's consent page in your browser. If nothing appeared, open:\n  %s\n", u)
				return nil
			}
		}
		fmt.Fprintf(f.ErrOut, "Open this URL in a browser and allow cliodest into Clio:\n  %s\n", u)
		return nil
	}
	if o.pasteCode {
		return func(ctx context.Context) (*oauth2.Token, error) {
			conf := clio.OAuthConfig(host, clientID, secret, clio.ApprovalRedirectURL(host))
			verifier := oauth2.GenerateVerifier()
			if err := show(clio.AuthCodeURL(conf, oauth2.GenerateVerifier(), verifier)); err != nil {
				return nil, err
			}
			code, err := p.Ask("Paste the code Clio shows after you allow access", "")
			if err != nil {
				return nil, err
			}
			return clio.ExchangeCode(ctx, conf, code, verifier)
		}
	}
	return func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := clio.LoopbackLogin(ctx, clio.LoopbackOptions{
			Host: host, ClientID: clientID, ClientSecret: secret, Port: o.redirectPort,
			OpenURL: func(u string) error {
				if err := show(u); err != nil {
					return err
				}
				fmt.Fprintln(f.ErrOut, "Waiting for the browser (Ctrl-C to stop)…")
				return nil
			},
		})
		var inUse *clio.PortInUseError
		if errors.As(err, &inUse) {
			return nil, fmt.Errorf("%w: stop that program, or log in with --redirect-port N and register http://127.0.0.1:N/callback in your Clio app", err)
		}
		return tok, err
	}
}

// resolveRedirectPort takes the redirect's port from --redirect-port, else
// CLIODEST_REDIRECT_PORT, else the documented default. 0 takes any free port,
// which only a sandbox accepts.
func resolveRedirectPort(c *cobra.Command, f *Factory, o *loginOptions) error {
	if !c.Flags().Changed("redirect-port") {
		n, err := envRedirectPort(f)
		o.redirectPort = n
		return err
	}
	if o.redirectPort < 0 || o.redirectPort > 65535 {
		return usageErrorf("--redirect-port %d is not a port number (1-65535)", o.redirectPort)
	}
	return nil
}

// envRedirectPort is CLIODEST_REDIRECT_PORT, or clio.DefaultRedirectPort.
func envRedirectPort(f *Factory) (int, error) {
	v := f.Env("CLIODEST_REDIRECT_PORT")
	if v == "" {
		return clio.DefaultRedirectPort, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 65535 {
		return 0, usageErrorf("CLIODEST_REDIRECT_PORT=%q is not a port number (1-65535)", v)
	}
	return n, nil
}

// hasDisplay guesses whether a browser can be shown here.
func hasDisplay(env func(string) string) bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return env("DISPLAY") != "" || env("WAYLAND_DISPLAY") != "" || env("BROWSER") != ""
}

func startBrowser(env func(string) string, u string) error {
	var c *exec.Cmd
	switch {
	case env("BROWSER") != "":
		c = exec.Command(env("BROWSER"), u)
	case runtime.GOOS == "darwin":
		c = exec.Command("open", u)
	case runtime.GOOS == "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		c = exec.Command("xdg-open", u)
	}
	if err := c.Start(); err != nil {
		return fmt.Errorf("open a browser: %w", err)
	}
	go func() { _ = c.Wait() }() // reap it; the browser outlives us
	return nil
}

func defaultCredName(h clio.Host) string {
	if r := h.Region(); r != "" {
		return "clio-" + r
	}
	return "custom"
}

func userWords(u cred.User) string {
	s := u.Name
	if s == "" {
		s = fmt.Sprintf("user %d", u.ID)
	}
	if u.Email != "" {
		s += " <" + u.Email + ">"
	}
	return s
}

// newCredStore opens the credential store of f's config directory; warnings
// (insecure storage) go to stderr.
func newCredStore(f *Factory) (*cred.Store, error) { return newCredStoreWarning(f, f.ErrOut) }

// newCredStoreWarning is newCredStore with its warnings written to warn.
func newCredStoreWarning(f *Factory, warn io.Writer) (*cred.Store, error) {
	dir, err := f.ConfigDir()
	if err != nil {
		return nil, err
	}
	return cred.NewStore(cred.Options{Dir: dir, Warn: warn, Now: f.Now, UserAgent: userAgent()}), nil
}

func versionString() string {
	if version != "" {
		return version
	}
	return "dev"
}

// credError makes the store's bad-input errors usage errors (exit 2). A
// credential that is missing — none saved under that name, or none when a
// command needs one to send — is a state, not bad usage: it exits 1 with
// what to do, without the --help hint.
func credError(err error) error {
	if err == nil {
		return nil
	}
	if me := (*cred.MissingError)(nil); errors.As(err, &me) {
		return err
	}
	var ue *cred.UsageError
	var ee *cred.ExistsError
	var hm *cred.HostMismatchError
	if errors.As(err, &ue) || errors.As(err, &ee) || errors.As(err, &hm) {
		return usageError(err)
	}
	return err
}
