package deliver

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/ledger"
)

// gate is the sandbox behind a switch: after `after` accepted creates it
// answers every request with status (401, 503) itself. It counts the
// requests answered so.
type gate struct {
	sb      *sandbox.Server
	log     *syncBuffer
	after   int32
	status  int
	creates atomic.Int32
	refused atomic.Int32
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.creates.Load() >= g.after {
		g.refused.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(g.status)
		w.Write([]byte(`{"error":{"type":"Gate","message":"closed by the test"}}`))
		return
	}
	rec := &statusRecorder{ResponseWriter: w}
	g.sb.ServeHTTP(rec, r)
	if r.Method == http.MethodPost && rec.status == http.StatusCreated {
		g.creates.Add(1)
	}
}

func newGate(t *testing.T, after int32, status int) (*gate, clio.Host, string) {
	t.Helper()
	g := &gate{log: &syncBuffer{}, after: after, status: status}
	g.sb = sandbox.New(sandbox.Config{RateLimit: -1, Log: g.log})
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := g.sb.IssueToken()
	return g, h, access
}

// checkPending: the ledger holds delivered records, and the rest pending,
// none failed.
func checkPending(t *testing.T, l *ledger.Ledger, n, delivered int) {
	t.Helper()
	counts, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if counts[ledger.Delivered] != delivered || counts[ledger.Failed] != 0 || counts[ledger.InDoubt] != 0 {
		t.Fatalf("ledger %v, want %d delivered, none failed or in doubt", counts, delivered)
	}
	if counts[ledger.Pending] > n-delivered {
		t.Fatalf("ledger %v: more pending than records left", counts)
	}
}

// TestRefusedTokenStopsTheRun: once Clio answers 401 to a token that
// cannot be refreshed (a static one: nothing to refresh with; a pasted
// credential: the refresh is tried and refused), the run stops: no request
// leaves after that beyond those already in flight, nothing is failed, the
// rest stay pending, and the summary names the login to run.
func TestRefusedTokenStopsTheRun(t *testing.T) {
	const n, after = 60, 20
	t.Run("static token, one worker", func(t *testing.T) {
		g, h, access := newGate(t, after, http.StatusUnauthorized)
		c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})
		d, file := activityDest(t, n, nil)
		l := openLedger(t, d, file)
		s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 1})
		if g.refused.Load() != 1 {
			t.Errorf("%d requests met the refused token, want 1 (none after it)", g.refused.Load())
		}
		if !strings.Contains(s.Stopped, "the token was refused: log in again (cliodest login --name firm --force)") || s.Failed != 0 {
			t.Fatalf("summary %+v", s)
		}
		checkPending(t, l, n, after)
	})
	t.Run("CLIODEST_TOKEN, one worker", func(t *testing.T) {
		g, h, access := newGate(t, after, http.StatusUnauthorized)
		c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})
		d, file := activityDest(t, n, nil)
		l := openLedger(t, d, file)
		s := run(t, context.Background(), Options{Destination: d, Client: c, TokenFromEnv: true, Ledger: l, Concurrency: 1})
		if g.refused.Load() != 1 {
			t.Errorf("%d requests met the refused token, want 1 (none after it)", g.refused.Load())
		}
		if !strings.Contains(s.Stopped, "the token was refused: set a fresh CLIODEST_TOKEN (or unset it to use a saved credential)") || strings.Contains(s.Stopped, "login") || s.Failed != 0 {
			t.Fatalf("summary %+v", s)
		}
		checkPending(t, l, n, after)
	})
	t.Run("pasted credential, eight workers", func(t *testing.T) {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mock-keyring-bus")
		keyring.MockInit()
		t.Cleanup(keyring.MockInit)
		g, h, access := newGate(t, after, http.StatusUnauthorized)
		store := cred.NewStore(cred.Options{Dir: filepath.Join(t.TempDir(), "config")})
		if _, err := store.Login(context.Background(), cred.LoginOptions{Name: "pasted", Host: h, Kind: cred.KindToken, Token: access}); err != nil {
			t.Fatal(err)
		}
		ts, _, _, err := cred.Resolve(context.Background(), store, "pasted", "", h, true)
		if err != nil {
			t.Fatal(err)
		}
		c := clio.NewClient(clio.Options{Host: h, TokenSource: ts})
		d, file := activityDest(t, n, nil)
		l := openLedger(t, d, file)
		s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 8})
		// At most the requests in flight when the first 401 came back.
		if r := g.refused.Load(); r < 1 || r > 8 {
			t.Errorf("%d requests met the refused token, want 1 to 8", r)
		}
		// The gate closes after 20 creates; requests already past it still create.
		if !strings.Contains(s.Stopped, "cliodest login --name pasted --force") || s.Failed != 0 || s.Delivered < after || s.Delivered > after+8 {
			t.Fatalf("summary %+v", s)
		}
		checkPending(t, l, n, s.Delivered)
	})
}

// TestServerErrorStormStopsTheRun: when every answer is a 5xx for longer
// than retries absorb, the run stops with the rest pending, not failed.
func TestServerErrorStormStopsTheRun(t *testing.T) {
	const n, after = 200, 20
	g, h, access := newGate(t, after, http.StatusServiceUnavailable)
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})
	d, file := activityDest(t, n, nil)
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if !strings.Contains(s.Stopped, "errors in a row") || s.Failed != 0 || s.Delivered < after || s.Delivered > after+8 {
		t.Fatalf("summary %+v", s)
	}
	if r := g.refused.Load(); r < maxServerErrors || r > maxServerErrors+16 { // in flight at the stop, and answers observed late: a create that passed the gate before it closed resets the streak
		t.Errorf("%d requests met the storm, want %d to %d", r, maxServerErrors, maxServerErrors+16)
	}
	checkPending(t, l, n, s.Delivered)
}

// killable serves the sandbox on a fixed loopback address that can be
// closed (connections refused) and served again.
type killable struct {
	addr string
	h    http.Handler
	mu   sync.Mutex
	srv  *http.Server
	done chan struct{}
}

func (k *killable) start(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", k.addr)
	if err != nil {
		t.Fatal(err)
	}
	k.addr = ln.Addr().String()
	srv := &http.Server{Handler: k.h}
	done := make(chan struct{})
	go func() { srv.Serve(ln); close(done) }()
	k.mu.Lock()
	k.srv, k.done = srv, done
	k.mu.Unlock()
}

func (k *killable) kill() {
	k.mu.Lock()
	srv, done := k.srv, k.done
	k.mu.Unlock()
	srv.Close()
	<-done
}

// TestDeadServerStopsTheRun: the sandbox dies mid-run. The run ends after
// a bounded number of refused connections, not 5 attempts per record; the
// records not delivered stay pending, none failed; the run after a restart
// delivers them, each created once.
func TestDeadServerStopsTheRun(t *testing.T) {
	const n, after = 300, 30
	log := &syncBuffer{}
	sb := sandbox.New(sandbox.Config{RateLimit: -1, Log: log})
	var accepted atomic.Int32
	killed := make(chan struct{})
	k := &killable{addr: "127.0.0.1:0"}
	k.h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w}
		sb.ServeHTTP(rec, r)
		if r.Method == http.MethodPost && rec.status == http.StatusCreated && accepted.Add(1) == after {
			close(killed)
		}
	})
	k.start(t)
	t.Cleanup(k.kill)
	go func() { <-killed; k.kill() }()
	h, err := clio.ParseBaseURL("http://" + k.addr)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access})})
	d, file := activityDest(t, n, nil)
	l := openLedger(t, d, file)
	var msgs []string
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok {
			msgs = append(msgs, f.State+": "+f.Message)
		}
	}})
	// Requests cut by the kill end "connection dropped", later ones "connection refused".
	if !strings.HasPrefix(s.Stopped, "Clio cannot be reached (connection ") || s.Failed != 0 {
		t.Fatalf("summary %+v\n%s", s, strings.Join(msgs, "\n"))
	}
	answered := int(accepted.Load())
	// Bounded by the failures that stop it and the requests in flight when
	// the server died and when the run stopped; 270 records × 5 attempts without.
	if limit := maxUnreachable + 2*DefaultConcurrency; s.Requests-answered > limit {
		t.Errorf("%d requests after the server died, want at most %d (%+v)", s.Requests-answered, limit, s)
	}
	counts, _ := l.Counts()
	// A create cut by the kill is in doubt, whether Clio made it or not.
	if counts[ledger.Failed] != 0 || counts[ledger.Delivered] > answered || counts[ledger.Delivered]+counts[ledger.InDoubt] < answered {
		t.Fatalf("ledger %v after %d creates", counts, answered)
	}

	k.start(t) // the same address again
	s = run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Stopped != "" || s.Failed != 0 {
		t.Fatalf("after the restart: %+v", s)
	}
	if counts[ledger.InDoubt] > 0 {
		run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true})
	}
	counts, _ = l.Counts()
	if counts[ledger.Delivered] != n {
		t.Fatalf("ledger %v, want %d delivered", counts, n)
	}
	per := creates(t, log)
	if len(per) != n {
		t.Errorf("%d notes created, want %d", len(per), n)
	}
	for note, c := range per {
		if c != 1 {
			t.Errorf("%s created %d times", note, c)
		}
	}
}

// TestHealthCountsSilenceFromTheStreak: 30 s without an answer is counted
// from the later of the last answer and the first failed request, so an
// idle hour (--follow, a long rate-limit wait) and then one failure does
// not stop the run; a request that hung 30 s without one does.
func TestHealthCountsSilenceFromTheStreak(t *testing.T) {
	refused := &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}
	t0 := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	var h health
	if why := h.note(t0, t0.Add(time.Second), http.StatusCreated, nil); why != "" {
		t.Fatal(why)
	}
	idle := t0.Add(time.Hour)
	if why := h.note(idle, idle.Add(time.Millisecond), 0, refused); why != "" {
		t.Errorf("one failure after an idle hour: %q", why)
	}
	if why := h.note(idle, idle.Add(maxSilence), 0, refused); why != "Clio cannot be reached (connection refused)" {
		t.Errorf("30 s of failures: %q", why)
	}

	h = health{}
	h.note(t0, t0, http.StatusCreated, nil)
	for i := 1; i < maxUnreachable; i++ {
		if why := h.note(t0, t0.Add(time.Duration(i)*time.Millisecond), 0, refused); why != "" {
			t.Fatalf("failure %d: %q", i, why)
		}
	}
	h.note(t0, t0, http.StatusUnprocessableEntity, nil) // an answer, even a refusal, resets the streak
	for i := 1; i < maxUnreachable; i++ {
		if why := h.note(t0, t0.Add(time.Duration(i)*time.Millisecond), 0, refused); why != "" {
			t.Fatalf("failure %d after an answer: %q", i, why)
		}
	}
	if why := h.note(t0, t0.Add(time.Second), 0, refused); why == "" {
		t.Errorf("%d failures in a row did not stop the run", maxUnreachable)
	}

	h = health{}
	for i := 1; i < maxServerErrors; i++ {
		if why := h.note(t0, t0, http.StatusBadGateway, nil); why != "" {
			t.Fatalf("5xx %d: %q", i, why)
		}
	}
	if why := h.note(t0, t0, http.StatusServiceUnavailable, nil); !strings.Contains(why, "503 Service Unavailable") {
		t.Errorf("the storm: %q", why)
	}
}
