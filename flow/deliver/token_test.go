package deliver

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/cred"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestTokenExpiresMidRun: an OAuth credential logged in through flow/cred
// (the sandbox's authorize → loopback → token exchange, secrets in a mock
// keyring); after the 20th create the sandbox's clock passes the access
// token's lifetime, so every later request is answered 401 until the token
// source refreshes. Every record is delivered, none failed, none created
// twice, and the refreshed token is what the keyring now holds.
func TestTokenExpiresMidRun(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mock-keyring-bus") // the mock needs no bus; the system keyring demands one
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
	clock := &fakeClock{t: time.Now()}
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{Now: clock.Now, TokenLifetime: time.Hour, RateLimit: -1, Log: log})
	var accepted atomic.Int32
	var unauthorized atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		sb.ServeHTTP(rec, r)
		if rec.status == http.StatusUnauthorized {
			unauthorized.Add(1)
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/activities.json") && rec.status == http.StatusCreated &&
			accepted.Add(1) == 20 {
			clock.Advance(2 * time.Hour) // the access token is now expired, though x/oauth2 does not know
		}
	}))
	defer srv.Close()
	host, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	store := cred.NewStore(cred.Options{Dir: filepath.Join(t.TempDir(), "config")})
	_, err = store.Login(context.Background(), cred.LoginOptions{
		Name: "firm", Host: host, Kind: cred.KindOAuth, ClientID: "cliodest-app", ClientSecret: "sandbox-secret",
		Authorize: func(ctx context.Context) (*oauth2.Token, error) {
			return clio.LoopbackLogin(ctx, clio.LoopbackOptions{Host: host, ClientID: "cliodest-app", ClientSecret: "sandbox-secret",
				OpenURL: func(u string) error { // the browser: follow the sandbox's redirect to the loopback callback
					resp, err := http.Get(u)
					if err != nil {
						return err
					}
					defer resp.Body.Close()
					_, err = io.Copy(io.Discard, resp.Body)
					return err
				}, Timeout: time.Minute})
		},
	})
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	before, err := keyring.Get(cred.Service, "firm")
	if err != nil {
		t.Fatal(err)
	}
	ts, h, label, err := cred.Resolve(context.Background(), store, "firm", "", host, true)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	client := clio.NewClient(clio.Options{Host: h, TokenSource: ts})

	const n = 100
	d, file := activityDest(t, n, nil)
	l := openLedger(t, d, file)
	var failed []RecordFailed
	s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok {
			failed = append(failed, f)
		}
	}})
	if s.Delivered != n || s.Failed != 0 || s.InDoubt != 0 || len(failed) != 0 {
		t.Fatalf("summary %+v, failures %+v", s.RunSummary, failed)
	}
	if unauthorized.Load() == 0 {
		t.Fatal("no request met the expired token: the test did not test expiry")
	}
	for note, c := range creates(t, log) {
		if c != 1 {
			t.Errorf("%s created %d times", note, c)
		}
	}
	if got := sb.Created("activities"); got != n {
		t.Errorf("sandbox created %d activities, want %d", got, n)
	}
	after, err := keyring.Get(cred.Service, "firm")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.Token()
	if err != nil {
		t.Fatal(err)
	}
	if after == before || !strings.Contains(after, tok.AccessToken) || strings.Contains(before, tok.AccessToken) {
		t.Errorf("the refreshed access token was not persisted in the keyring (%s)", label)
	}
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
