package cred

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// followBrowser plays the browser: it loads the authorization URL (after
// tamper, if any) and follows the sandbox's redirect to the loopback callback.
func followBrowser(t *testing.T, tamper func(*url.URL)) func(string) error {
	t.Helper()
	return func(raw string) error {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		if tamper != nil {
			tamper(u)
		}
		resp, err := http.Get(u.String())
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
}

func sandboxLogin(t *testing.T, s *Store, host clio.Host, clientID string, tamper func(*url.URL)) (Credential, error) {
	t.Helper()
	return s.Login(context.Background(), LoginOptions{
		Name: "firm", Host: host, Kind: KindOAuth, ClientID: clientID, ClientSecret: "sandbox-secret",
		Authorize: func(ctx context.Context) (*oauth2.Token, error) {
			return clio.LoopbackLogin(ctx, clio.LoopbackOptions{Host: host, ClientID: clientID, ClientSecret: "sandbox-secret",
				OpenURL: followBrowser(t, tamper), Timeout: time.Minute})
		},
	})
}

func startSandbox(t *testing.T, cfg sandbox.Config) (*sandbox.Server, clio.Host) {
	t.Helper()
	sb := sandbox.New(cfg)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return sb, h
}

// TestOAuthDanceAgainstSandbox: authorize → loopback callback → token
// exchange → who_am_i → expiry → refresh → refreshed token in the keyring.
func TestOAuthDanceAgainstSandbox(t *testing.T) {
	mockKeyring(t)
	clock := &testClock{t: time.Now()}
	_, host := startSandbox(t, sandbox.Config{Now: clock.Now, TokenLifetime: time.Hour, RateLimit: -1})
	s, _ := newTestStore(t, Options{})

	c, err := sandboxLogin(t, s, host, "cliodest-app", nil)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if c.User.Name != "Jane Doe" || c.User.ID == 0 || c.Kind != KindOAuth {
		t.Errorf("credential = %+v", c)
	}
	first := secretIn(t, "firm")
	if first.AccessToken == "" || first.RefreshToken == "" || first.Expiry.IsZero() {
		t.Fatalf("saved secret incomplete: expiry %v", first.Expiry)
	}
	assertNoSecretsInFiles(t, s.Dir(), first.AccessToken, first.RefreshToken, "sandbox-secret")

	// The sandbox's clock passes the token's lifetime; x/oauth2 still thinks
	// it valid, so the 401 → Invalidate → refresh path must recover.
	clock.Advance(2 * time.Hour)
	ts, _, err := s.TokenSource(context.Background(), "firm")
	if err != nil {
		t.Fatal(err)
	}
	client := clio.NewClient(clio.Options{Host: host, TokenSource: ts})
	if u, err := client.WhoAmI(context.Background()); err != nil || u.Name != "Jane Doe" {
		t.Fatalf("who_am_i after expiry: %v %v", u, err)
	}
	second := secretIn(t, "firm")
	if second.AccessToken == first.AccessToken || second.RefreshToken != first.RefreshToken || !second.Expiry.After(first.Expiry.Add(-time.Second)) {
		t.Errorf("refreshed token not persisted (same access token: %v)", second.AccessToken == first.AccessToken)
	}

	// Expiry as x/oauth2 sees it: a saved token past its expiry refreshes
	// before any request.
	raw, _ := keyring.Get(Service, "firm")
	stale := strings.Replace(raw, second.Expiry.Format(time.RFC3339Nano), time.Now().Add(-time.Minute).Format(time.RFC3339Nano), 1)
	if stale == raw {
		t.Fatal("could not age the saved token")
	}
	_ = keyring.Set(Service, "firm", stale)
	ts, _, _ = s.TokenSource(context.Background(), "firm")
	tok, err := ts.Token()
	if err != nil || tok.AccessToken == second.AccessToken {
		t.Fatalf("no refresh of an expired token: %v", err)
	}
	if third := secretIn(t, "firm"); third.AccessToken != tok.AccessToken {
		t.Error("second refresh not persisted")
	}

	// Check goes through the same path and records the time.
	if c, err := s.Check(context.Background(), "firm"); err != nil || c.LastChecked.IsZero() {
		t.Errorf("check: %v %v", c, err)
	}

	// Remove revokes at the sandbox: the token stops working.
	r, err := s.Remove(context.Background(), "firm")
	if err != nil || !r.Revoked {
		t.Fatalf("remove: %+v %v", r, err)
	}
	revoked := clio.NewClient(clio.Options{Host: host, TokenSource: oauth2.StaticTokenSource(tok)})
	var ae *clio.APIError
	if _, err := revoked.WhoAmI(context.Background()); !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized {
		t.Errorf("revoked token still works: %v", err)
	}
}

func TestSandboxLoginFailures(t *testing.T) {
	tests := []struct {
		name     string
		cfg      sandbox.Config
		clientID string
		tamper   func(*url.URL)
		want     string
		is       func(error) bool
	}{
		{name: "consent denied", cfg: sandbox.Config{DenyConsent: true}, clientID: "app",
			want: "Clio access was denied in the browser", is: func(err error) bool { var oe *clio.OAuthError; return errors.As(err, &oe) }},
		{name: "wrong state", clientID: "app", tamper: func(u *url.URL) {
			q := u.Query()
			q.Set("state", "forged")
			u.RawQuery = q.Encode()
		}, want: "state mismatch", is: func(err error) bool { return errors.Is(err, clio.ErrStateMismatch) }},
		{name: "tampered PKCE challenge", clientID: "app", tamper: func(u *url.URL) {
			q := u.Query()
			q.Set("code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
			u.RawQuery = q.Encode()
		}, want: "invalid_grant", is: func(err error) bool { var ae *clio.APIError; return errors.As(err, &ae) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mockKeyring(t)
			_, host := startSandbox(t, tt.cfg)
			s, _ := newTestStore(t, Options{})
			_, err := sandboxLogin(t, s, host, tt.clientID, tt.tamper)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !tt.is(err) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
				t.Errorf("index written after a failed login")
			}
			if _, err := keyring.Get(Service, "firm"); !errors.Is(err, keyring.ErrNotFound) {
				t.Errorf("keyring written after a failed login: %v", err)
			}
		})
	}
}

func sandboxConfigNoLimit() sandbox.Config { return sandbox.Config{RateLimit: -1} }
