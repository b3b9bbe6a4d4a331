package clio

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/oauth2"
)

// DefaultLoginTimeout bounds how long LoopbackLogin waits for the browser.
const DefaultLoginTimeout = 5 * time.Minute

// OAuthConfig describes a Clio developer app on host h. Clio wants the client
// credentials in the form body, so the auth style is fixed rather than probed
// (probing would send a first request with Basic auth that Clio rejects).
func OAuthConfig(h Host, clientID, secret, redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: secret,
		RedirectURL:  redirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:   h.OAuthURL("authorize"),
			TokenURL:  h.OAuthURL("token"),
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthCodeURL is the consent page's URL: PKCE (S256) and
// redirect_on_decline, so a refusal comes back at once as an error instead
// of leaving the login waiting for its timeout.
func AuthCodeURL(conf *oauth2.Config, state, verifier string) string {
	return conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("redirect_on_decline", "true"))
}

// ApprovalRedirectURL is the redirect for apps that cannot receive a loopback
// callback: Clio shows the code on its own approval page for the user to paste.
func ApprovalRedirectURL(h Host) string { return h.OAuthURL("approval") }

// DefaultRedirectPort is the port of the redirect URI cliodest documents,
// http://127.0.0.1:47812/callback. Clio treats an app's redirect URIs as an
// exact allow-list, so the port is fixed for the URI to be registrable.
const DefaultRedirectPort = 47812

// LoopbackRedirectURL is the loopback redirect URI on port.
func LoopbackRedirectURL(port int) string {
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) + "/callback"
}

// PortInUseError means the redirect's port is taken by another program, so
// Clio's answer could not be received there.
type PortInUseError struct {
	Port int
	Err  error
}

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("clio login: port %d, where Clio sends the browser back (%s), is in use by another program", e.Port, LoopbackRedirectURL(e.Port))
}

func (e *PortInUseError) Unwrap() error { return e.Err }

// LoopbackOptions configures LoopbackLogin.
type LoopbackOptions struct {
	Host         Host
	ClientID     string
	ClientSecret string
	// Port is the loopback port of the redirect URI, which must be registered
	// in the Clio app (DefaultRedirectPort); 0 takes any free port, which only
	// a server that accepts any redirect (a test's sandbox) will allow.
	Port int
	// OpenURL shows the authorization URL to the user: opens a browser or
	// prints it. An error ends the login.
	OpenURL func(string) error
	// Timeout bounds the wait for the browser; 0 means DefaultLoginTimeout.
	Timeout time.Duration
	// HTTPClient is used for the token exchange; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// OAuthError is an error Clio reported on the redirect (error=... in the
// callback query), e.g. the user pressing "Deny".
type OAuthError struct {
	Code        string
	Description string
}

func (e *OAuthError) Error() string {
	if e.Code == "access_denied" {
		return "Clio access was denied in the browser"
	}
	if e.Description != "" {
		return fmt.Sprintf("Clio refused the login: %s (%s)", e.Description, e.Code)
	}
	return fmt.Sprintf("Clio refused the login (%s)", e.Code)
}

// ErrStateMismatch means the callback did not carry the state this login
// sent: it came from another login attempt or from a forged request.
var ErrStateMismatch = errors.New("the browser's answer does not belong to this login (state mismatch); start the login again")

// LoginTimeoutError means the browser did not come back in time.
type LoginTimeoutError struct{ After time.Duration }

func (e *LoginTimeoutError) Error() string {
	return fmt.Sprintf("no answer from the browser within %s; start the login again", e.After)
}

// callbackResult is what the single answered callback produced.
type callbackResult struct {
	code string
	err  error
}

// LoopbackLogin runs the authorization-code grant with PKCE, receiving the
// code on http://127.0.0.1:PORT/callback, and exchanges it for a token.
func LoopbackLogin(ctx context.Context, o LoopbackOptions) (*oauth2.Token, error) {
	if o.OpenURL == nil {
		return nil, errors.New("clio login: no way to show the authorization URL")
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	state, err := randomState()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.Port)))
	if err != nil {
		if o.Port != 0 && errors.Is(err, syscall.EADDRINUSE) {
			return nil, &PortInUseError{Port: o.Port, Err: err}
		}
		return nil, fmt.Errorf("clio login: listen for the browser's callback: %w", err)
	}
	redirect := LoopbackRedirectURL(ln.Addr().(*net.TCPAddr).Port)
	conf := OAuthConfig(o.Host, o.ClientID, o.ClientSecret, redirect)
	verifier := oauth2.GenerateVerifier()

	results := make(chan callbackResult, 1)
	srv := &http.Server{
		Handler:           callbackHandler(state, results),
		ReadHeaderTimeout: 10 * time.Second,
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // returns ErrServerClosed once Close is called below
	}()
	defer func() {
		_ = srv.Close()
		<-served
	}()

	authURL := AuthCodeURL(conf, state, verifier)
	if err := o.OpenURL(authURL); err != nil {
		return nil, fmt.Errorf("clio login: show the authorization URL: %w", err)
	}

	timer := time.NewTimer(timeout)
	defer timer.Stop()
	var res callbackResult
	select {
	case res = <-results:
	case <-timer.C:
		return nil, &LoginTimeoutError{After: timeout}
	case <-ctx.Done():
		return nil, fmt.Errorf("clio login: waiting for the browser: %w", ctx.Err())
	}
	if res.err != nil {
		return nil, res.err
	}
	return ExchangeCode(withHTTPClient(ctx, o.HTTPClient), conf, res.code, verifier)
}

// callbackHandler answers the first callback that settles the login (a code,
// an error, or a wrong state) and refuses every later request, so a second
// tab or a replay cannot change the outcome.
func callbackHandler(state string, results chan<- callbackResult) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/callback" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var res callbackResult
		switch {
		case q.Get("state") != state:
			res.err = ErrStateMismatch
		case q.Get("error") != "":
			res.err = &OAuthError{Code: q.Get("error"), Description: q.Get("error_description")}
		case q.Get("code") == "":
			res.err = errors.New("clio login: the browser came back without an authorization code")
		default:
			res.code = q.Get("code")
		}
		first := false
		once.Do(func() {
			first = true
			results <- res
		})
		if !first {
			writePage(w, http.StatusGone, "This login is already finished", "Go back to the terminal.")
			return
		}
		if res.err != nil {
			writePage(w, http.StatusBadRequest, "cliodest could not log in", res.err.Error()+". Go back to the terminal.")
			return
		}
		writePage(w, http.StatusOK, "cliodest is connected to Clio", "You can close this tab and go back to the terminal.")
	})
}

func writePage(w http.ResponseWriter, status int, title, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title></head>"+
		"<body style=\"font-family:sans-serif;margin:3em\"><h1>%s</h1><p>%s</p></body></html>",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(body))
}

func randomState() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("clio login: random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// ExchangeCode trades an authorization code for a token. verifier is the PKCE
// verifier the authorization URL was built with ("" when none was used).
func ExchangeCode(ctx context.Context, cfg *oauth2.Config, code, verifier string) (*oauth2.Token, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, errors.New("clio login: the authorization code is empty")
	}
	var opts []oauth2.AuthCodeOption
	if verifier != "" {
		opts = append(opts, oauth2.VerifierOption(verifier))
	}
	tok, err := cfg.Exchange(ctx, code, opts...)
	if err != nil {
		return nil, fmt.Errorf("clio login: exchange the authorization code at %s: %w", cfg.Endpoint.TokenURL, tokenError(err))
	}
	return tok, nil
}

// tokenError turns x/oauth2's RetrieveError into an *APIError so callers see
// Clio's words ("invalid_grant: ...") and can branch with errors.As.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return ParseError(re.Response.StatusCode, re.Response.Header, re.Body)
	}
	return err
}

// Deauthorize revokes token at host h. The HTTP client is taken from ctx
// (oauth2.HTTPClient key) when present, like the rest of the OAuth calls.
func Deauthorize(ctx context.Context, h Host, token string) error {
	if token == "" {
		return errors.New("clio deauthorize: no token")
	}
	endpoint := h.OAuthURL("deauthorize")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint,
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return fmt.Errorf("clio deauthorize: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := contextClient(ctx).Do(req)
	if err != nil {
		return fmt.Errorf("clio deauthorize at %s: %w", endpoint, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		e := ParseError(resp.StatusCode, resp.Header, body)
		e.Method, e.URL = http.MethodPost, endpoint
		return fmt.Errorf("clio deauthorize at %s: %w", endpoint, e)
	}
	return nil
}

func withHTTPClient(ctx context.Context, c *http.Client) context.Context {
	if c == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, c)
}

func contextClient(ctx context.Context) *http.Client {
	if c, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && c != nil {
		return c
	}
	return http.DefaultClient
}
