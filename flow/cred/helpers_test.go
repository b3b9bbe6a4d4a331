package cred

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/cliodest/cliodest/clio"
)

// fakeClio answers who_am_i for known access tokens, refreshes tokens and
// records deauthorizations. Tokens are counted so tests can tell a refresh
// happened.
type fakeClio struct {
	mu          sync.Mutex
	access      map[string]bool   // valid access tokens
	refresh     map[string]bool   // valid refresh tokens
	refreshErr  string            // when set, refresh answers 400 with this OAuth error
	deauthed    []string          // tokens revoked through /oauth/deauthorize
	refreshes   int               // successful refreshes
	clientCreds map[string]string // what the last refresh sent
	next        int
}

func newFakeClio(t *testing.T) (*fakeClio, clio.Host) {
	t.Helper()
	f := &fakeClio{access: map[string]bool{}, refresh: map[string]bool{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return f, h
}

// issue makes a valid token pair.
func (f *fakeClio) issue() (access, refresh string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next++
	access, refresh = fmt.Sprintf("acc-%d-secretvalue", f.next), fmt.Sprintf("ref-%d-secretvalue", f.next)
	f.access[access], f.refresh[refresh] = true, true
	return access, refresh
}

func (f *fakeClio) revoke(access string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.access, access)
}

func (f *fakeClio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch r.URL.Path {
	case "/api/v4/users/who_am_i.json":
		if !f.access[bearer] {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_token","error_description":"The access token is invalid"}`)
			return
		}
		io.WriteString(w, `{"data":{"id":7,"name":"Jane Doe","first_name":"Jane","last_name":"Doe","email":"jane@firm.example"}}`)
	case "/oauth/token":
		_ = r.ParseForm()
		f.clientCreds = map[string]string{"client_id": r.PostForm.Get("client_id"), "client_secret": r.PostForm.Get("client_secret")}
		if f.refreshErr != "" || r.PostForm.Get("grant_type") != "refresh_token" || !f.refresh[r.PostForm.Get("refresh_token")] {
			w.WriteHeader(http.StatusBadRequest)
			code := f.refreshErr
			if code == "" {
				code = "invalid_grant"
			}
			fmt.Fprintf(w, `{"error":%q,"error_description":"refresh refused"}`, code)
			return
		}
		f.next++
		f.refreshes++
		access := fmt.Sprintf("acc-%d-secretvalue", f.next)
		f.access[access] = true
		// Clio keeps the refresh token: the answer omits it.
		json.NewEncoder(w).Encode(map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 3600})
	case "/oauth/deauthorize":
		f.deauthed = append(f.deauthed, bearer)
		delete(f.access, bearer)
		w.WriteHeader(http.StatusOK)
	default:
		http.NotFound(w, r)
	}
}

// mockKeyring installs go-keyring's in-memory keyring (a global: tests
// using it must not run in parallel).
func mockKeyring(t *testing.T) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mock-keyring-bus") // the mock needs no bus; the system keyring demands one
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newTestStore(t *testing.T, o Options) (*Store, *strings.Builder) {
	t.Helper()
	if o.Dir == "" {
		o.Dir = filepath.Join(t.TempDir(), "config")
	}
	warn := &strings.Builder{}
	if o.Warn == nil {
		o.Warn = warn
	}
	return NewStore(o), warn
}

// assertNoSecretsInFiles scans every file under dir for the secrets.
func assertNoSecretsInFiles(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, s := range secrets {
			if s != "" && strings.Contains(string(data), s) {
				t.Errorf("secret %q found in %s", s[:4]+"…", path)
			}
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

// secretIn reads name's secret straight from go-keyring.
func secretIn(t *testing.T, name string) Secret {
	t.Helper()
	raw, err := keyring.Get(Service, name)
	if err != nil {
		t.Fatalf("keyring.Get(%s): %v", name, err)
	}
	var s Secret
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		t.Fatal(err)
	}
	return s
}
