package cred

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/cliodest/cliodest/clio"
	"golang.org/x/oauth2"
)

func TestLoginPastedToken(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	access, _ := fake.issue()
	clock := &testClock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	s, _ := newTestStore(t, Options{Now: clock.Now})

	c, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: "  " + access + "\n"})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if c.User != (User{ID: 7, Name: "Jane Doe", Email: "jane@firm.example"}) || c.BaseURL != host.String() || c.Region != "" {
		t.Errorf("credential = %+v", c)
	}
	if !c.Created.Equal(clock.Now()) || !c.LastChecked.Equal(clock.Now()) {
		t.Errorf("times = %v / %v", c.Created, c.LastChecked)
	}
	if sec := secretIn(t, "firm"); sec.AccessToken != access {
		t.Errorf("keyring holds %q", sec.AccessToken)
	}
	info, err := os.Stat(s.IndexPath())
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("index mode = %v, want 0600", info.Mode().Perm())
	}
	got, err := s.Get("firm")
	if err != nil || got != c {
		t.Errorf("Get = %+v, %v; want %+v", got, err, c)
	}
	assertNoSecretsInFiles(t, s.Dir(), access)
}

func TestLoginOAuthSecretsOnlyInKeyring(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	access, refresh := fake.issue()
	s, _ := newTestStore(t, Options{})
	c, err := s.Login(context.Background(), LoginOptions{
		Name: "firm", Host: host, Kind: KindOAuth, ClientID: "app-id", ClientSecret: "app-secret-value",
		Authorize: func(context.Context) (*oauth2.Token, error) {
			return &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "bearer", Expiry: time.Now().Add(time.Hour)}, nil
		},
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if c.ClientID != "app-id" || c.Storage != StorageKeyring {
		t.Errorf("credential = %+v", c)
	}
	sec := secretIn(t, "firm")
	if sec.AccessToken != access || sec.RefreshToken != refresh || sec.ClientSecret != "app-secret-value" || sec.Expiry.IsZero() {
		t.Errorf("keyring secret = %+v", sec)
	}
	assertNoSecretsInFiles(t, s.Dir(), access, refresh, "app-secret-value")
}

func TestLoginRejectedTokenIsNotSaved(t *testing.T) {
	mockKeyring(t)
	_, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{})
	_, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: "not-a-real-token"})
	if err == nil || !strings.Contains(err.Error(), "nothing was saved") || !strings.Contains(err.Error(), "401") {
		t.Fatalf("error = %v", err)
	}
	if _, err := keyring.Get(Service, "firm"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring has an entry: %v", err)
	}
	if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
		t.Errorf("index written: %v", err)
	}
}

func TestLoginUnreachableHostIsNotBlamedOnTheToken(t *testing.T) {
	mockKeyring(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	host, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close() // nothing listens there any more
	s, _ := newTestStore(t, Options{})
	_, err = s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: "tok"})
	if err == nil || !strings.Contains(err.Error(), "could not reach Clio at "+srv.URL) || strings.Contains(err.Error(), "did not accept") {
		t.Fatalf("error = %v, want it to say Clio could not be reached", err)
	}
	if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
		t.Errorf("index written: %v", err)
	}
}

func TestLoginRefusesBadInput(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	existing, _ := fake.issue()
	s, _ := newTestStore(t, Options{})
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: existing}); err != nil {
		t.Fatal(err)
	}
	authorizeCalled := false
	authorize := func(context.Context) (*oauth2.Token, error) {
		authorizeCalled = true
		return nil, errors.New("must not be called")
	}
	tests := []struct {
		name string
		o    LoginOptions
		want string
		as   any
	}{
		{"empty name", LoginOptions{Host: host, Kind: KindToken, Token: "x"}, "needs a name", new(*UsageError)},
		{"bad name", LoginOptions{Name: "my firm/1", Host: host, Kind: KindToken, Token: "x"}, "not usable", new(*UsageError)},
		{"empty token", LoginOptions{Name: "a", Host: host, Kind: KindToken, Token: " \n"}, "token is empty", new(*UsageError)},
		{"no client id", LoginOptions{Name: "a", Host: host, Kind: KindOAuth, ClientSecret: "s", Authorize: authorize}, "client ID", new(*UsageError)},
		{"no client secret", LoginOptions{Name: "a", Host: host, Kind: KindOAuth, ClientID: "i", Authorize: authorize}, "client secret", new(*UsageError)},
		{"no host", LoginOptions{Name: "a", Kind: KindToken, Token: "x"}, "--region or --base-url", new(*UsageError)},
		{"duplicate", LoginOptions{Name: "firm", Host: host, Kind: KindOAuth, ClientID: "i", ClientSecret: "s", Authorize: authorize}, "--force", new(*ExistsError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Login(context.Background(), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if !errors.As(err, tt.as) {
				t.Errorf("error type %T", err)
			}
		})
	}
	if authorizeCalled {
		t.Error("the browser step ran although the login could not be saved")
	}

	replacement, _ := fake.issue()
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: replacement, Force: true}); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if sec := secretIn(t, "firm"); sec.AccessToken != replacement {
		t.Error("--force did not replace the secret")
	}
}

func TestLoginWithoutKeyring(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mock-keyring-bus") // the mock needs no bus; the system keyring demands one
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided"))
	t.Cleanup(keyring.MockInit)
	fake, host := newFakeClio(t)
	access, _ := fake.issue()
	s, warn := newTestStore(t, Options{})

	_, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access})
	var ku *KeyringUnavailableError
	if !errors.As(err, &ku) || !strings.Contains(err.Error(), "--insecure-storage") || !strings.Contains(err.Error(), "org.freedesktop.secrets") {
		t.Fatalf("error = %v", err)
	}
	if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
		t.Errorf("index written after a refused login: %v", err)
	}

	c, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access, InsecureStorage: true})
	if err != nil {
		t.Fatalf("--insecure-storage: %v", err)
	}
	if c.Storage != StorageFile {
		t.Errorf("storage = %q", c.Storage)
	}
	path := filepath.Join(s.Dir(), SecretsFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", info, err)
	}
	if !strings.Contains(warn.String(), "unencrypted") || !strings.Contains(warn.String(), path) {
		t.Errorf("warning = %q", warn.String())
	}

	// A later run warns again on use.
	s2, warn2 := newTestStore(t, Options{Dir: s.Dir()})
	ts, _, err := s2.TokenSource(context.Background(), "firm")
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := ts.Token(); err != nil || tok.AccessToken != access {
		t.Errorf("token = %v, %v", tok, err)
	}
	if !strings.Contains(warn2.String(), "unencrypted") {
		t.Errorf("no warning on use: %q", warn2.String())
	}
	if _, err := s2.Remove(context.Background(), "firm"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("secrets file left after removing the last credential: %v", err)
	}
}

// hangingKeyring never answers, like a Secret Service stuck on a prompt.
type hangingKeyring struct{ release chan struct{} }

func (h hangingKeyring) Set(string, string, string) error { <-h.release; return nil }
func (h hangingKeyring) Get(string, string) (string, error) {
	<-h.release
	return "", nil
}
func (h hangingKeyring) Delete(string, string) error { <-h.release; return nil }

func TestKeyringTimeout(t *testing.T) {
	hang := hangingKeyring{release: make(chan struct{})}
	defer close(hang.release)
	_, host := newFakeClio(t)
	s, _ := newTestStore(t, Options{Keyring: hang, KeyringTimeout: 20 * time.Millisecond})

	_, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: "tok"})
	var te *KeyringTimeoutError
	var ku *KeyringUnavailableError
	if !errors.As(err, &te) || !errors.As(err, &ku) || te.After != 20*time.Millisecond {
		t.Fatalf("error = %v", err)
	}
	if !strings.Contains(err.Error(), "did not answer") || !strings.Contains(err.Error(), "--insecure-storage") {
		t.Errorf("message = %q", err)
	}
}

func TestWithTimeoutPassesResults(t *testing.T) {
	mockKeyring(t)
	k := WithTimeout(SystemKeyring(), 0)
	if _, err := k.Get(Service, "none"); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("Get missing = %v", err)
	}
	if err := k.Delete(Service, "none"); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("Delete missing = %v", err)
	}
	if err := k.Set(Service, "a", "v"); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(Service, "a"); err != nil || v != "v" {
		t.Errorf("Get = %q, %v", v, err)
	}
}

func TestCheckUpdatesLastChecked(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	access, _ := fake.issue()
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s, _ := newTestStore(t, Options{Now: clock.Now})
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(48 * time.Hour)
	c, err := s.Check(context.Background(), "firm")
	if err != nil {
		t.Fatal(err)
	}
	if !c.LastChecked.Equal(clock.Now()) || !c.Created.Equal(clock.Now().Add(-48*time.Hour)) {
		t.Errorf("checked %v created %v", c.LastChecked, c.Created)
	}

	fake.revoke(access)
	_, err = s.Check(context.Background(), "firm")
	var re *ReloginError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "cliodest login --name firm") {
		t.Errorf("check of a revoked pasted token: %v", err)
	}
	if _, err := s.Check(context.Background(), "other"); !errors.As(err, new(*NotFoundError)) {
		t.Errorf("check of unknown: %v", err)
	}
}

func TestRemove(t *testing.T) {
	mockKeyring(t)
	fake, host := newFakeClio(t)
	access, _ := fake.issue()
	s, _ := newTestStore(t, Options{})
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access}); err != nil {
		t.Fatal(err)
	}
	r, err := s.Remove(context.Background(), "firm")
	if err != nil || !r.Revoked || r.RevokeErr != nil {
		t.Fatalf("Remove = %+v, %v", r, err)
	}
	if len(fake.deauthed) != 1 || fake.deauthed[0] != access {
		t.Errorf("deauthorized %v", fake.deauthed)
	}
	if _, err := keyring.Get(Service, "firm"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keyring entry left: %v", err)
	}
	if list, err := s.List(); err != nil || len(list) != 0 {
		t.Errorf("List = %v, %v", list, err)
	}
	_, err = s.Remove(context.Background(), "firm")
	if !errors.As(err, new(*NotFoundError)) || !strings.Contains(err.Error(), `no credential named "firm"`) {
		t.Errorf("second remove: %v", err)
	}

	// A credential whose keyring entry vanished is still removable.
	access2, _ := fake.issue()
	if _, err := s.Login(context.Background(), LoginOptions{Name: "gone", Host: host, Kind: KindToken, Token: access2}); err != nil {
		t.Fatal(err)
	}
	_ = keyring.Delete(Service, "gone")
	r, err = s.Remove(context.Background(), "gone")
	if err != nil || r.Revoked || r.RevokeErr == nil {
		t.Errorf("remove without secret = %+v, %v", r, err)
	}
}
