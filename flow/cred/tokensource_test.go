package cred

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// oauthLogin saves an OAuth credential for the fake Clio with the given expiry.
func oauthLogin(t *testing.T, s *Store, fake *fakeClio, host clio.Host, expiry time.Time) (access, refresh string) {
	t.Helper()
	access, refresh = fake.issue()
	_, err := s.Login(context.Background(), LoginOptions{
		Name: "firm", Host: host, Kind: KindOAuth, ClientID: "app-id", ClientSecret: "app-secret",
		Authorize: func(context.Context) (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "bearer", Expiry: expiry}, nil
		},
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	return access, refresh
}

func TestTokenSourceRefreshesExpiredAndSaves(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	old, refresh := oauthLogin(t, s, fake, host, time.Now().Add(-time.Minute))

	ts, h, err := s.TokenSource(context.Background(), "firm")
	if err != nil || !h.Same(host.Root) {
		t.Fatalf("TokenSource: %v %v", h, err)
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == old || fake.refreshes != 1 {
		t.Fatalf("no refresh: %q, %d refreshes", tok.AccessToken, fake.refreshes)
	}
	if fake.clientCreds["client_id"] != "app-id" || fake.clientCreds["client_secret"] != "app-secret" {
		t.Errorf("refresh sent %v", fake.clientCreds)
	}
	sec := secretIn(t, "firm")
	if sec.AccessToken != tok.AccessToken || sec.RefreshToken != refresh || sec.ClientSecret != "app-secret" || !sec.Expiry.After(time.Now()) {
		t.Errorf("saved secret = %+v", sec)
	}
	// A new run starts from the saved token: no second refresh.
	ts2, _, _ := s.TokenSource(context.Background(), "firm")
	if tok2, err := ts2.Token(); err != nil || tok2.AccessToken != tok.AccessToken || fake.refreshes != 1 {
		t.Errorf("second run: %v %v, %d refreshes", tok2, err, fake.refreshes)
	}
}

func TestInvalidateForcesOneRefresh(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	old, _ := oauthLogin(t, s, fake, host, time.Now().Add(time.Hour))
	ts, _, err := s.TokenSource(context.Background(), "firm")
	if err != nil {
		t.Fatal(err)
	}
	fake.revoke(old) // Clio dropped the token before its expiry
	c := clio.NewClient(clio.Options{Host: host, TokenSource: ts})
	u, err := c.WhoAmI(context.Background())
	if err != nil || u.ID != 7 {
		t.Fatalf("WhoAmI after 401: %v %v", u, err)
	}
	if fake.refreshes != 1 {
		t.Errorf("refreshes = %d, want 1", fake.refreshes)
	}
	if sec := secretIn(t, "firm"); sec.AccessToken == old {
		t.Error("refreshed token not saved")
	}
}

func TestRefreshFailureAsksForLogin(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	oauthLogin(t, s, fake, host, time.Now().Add(-time.Minute))
	fake.refreshErr = "invalid_grant"
	ts, _, err := s.TokenSource(context.Background(), "firm")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	var re *ReloginError
	var ae *clio.APIError
	if !errors.As(err, &re) || re.Name != "firm" || !errors.As(err, &ae) || ae.Type != "invalid_grant" {
		t.Fatalf("error = %#v", err)
	}
	if !strings.Contains(err.Error(), `run "cliodest login --name firm`) {
		t.Errorf("message = %q", err)
	}
}

func TestPastedTokenCannotRefresh(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	access, _ := fake.issue()
	s, _ := newTestStore(t, Options{})
	if _, err := s.Login(context.Background(), LoginOptions{Name: "p", Host: host, Kind: KindToken, Token: access}); err != nil {
		t.Fatal(err)
	}
	ts, _, err := s.TokenSource(context.Background(), "p")
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := ts.Token(); err != nil || tok.AccessToken != access {
		t.Fatalf("Token = %v, %v", tok, err)
	}
	ts.(interface{ Invalidate() }).Invalidate()
	_, err = ts.Token()
	var re *ReloginError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "cannot be refreshed") || !strings.Contains(err.Error(), "login --name p") {
		t.Errorf("error = %v", err)
	}
}
