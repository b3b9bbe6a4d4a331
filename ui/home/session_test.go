package home

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// Activating from the home goes through flow/session against the sandbox:
// every record is created once, the live view ends with the counts the
// ledger then holds, the destination is active, and activating again sends
// nothing.
func TestHomeActivatesThroughTheSession(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.ServeHTTP(w, r)
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v4/activities") {
			posts.Add(1)
		}
	}))
	t.Cleanup(srv.Close)
	host, err := clio.ParseBaseURL(srv.URL)
	must(t, err)
	token, _ := sb.IssueToken()
	s := &session.Session{Token: token, BaseURL: host, HasBaseURL: true, UserAgent: "cliodest/test", HTTPClient: srv.Client()}

	dir := t.TempDir()
	for _, n := range []string{"time-entries.csv"} {
		copySample(t, dir, n, n, nil)
	}
	copySample(t, dir, "time-entries.yaml", "time.yaml", nil)
	file := filepath.Join(dir, "time.yaml")

	m := newTestModel(t, dir, SessionRunner(s), 140, 30)
	m.o.Creds = nil // the token stands in for the credential
	for pass, want := range []string{"Done in", "Done in"} {
		watch := press(m, "a", "y")
		l := m.runs.get(file)
		if l == nil {
			t.Fatalf("pass %d: no run:\n%s", pass, frame(m))
		}
		for !l.ended() {
			_, next := m.Update(watch())
			if l.ended() && next != nil {
				m.Update(next()) // the refresh that reads its row again
			}
			watch = l.watch()
		}
		if s := frame(m); !strings.Contains(s, want) {
			t.Fatalf("pass %d: the live view lacks %q:\n%s", pass, want, s)
		}
		press(m, "esc")
		loadAll(t, m)
	}
	if n := posts.Load(); n != 22 {
		t.Errorf("%d activities created, want 22 (once each, none on the second activation)", n)
	}
	if s := frame(m); !strings.Contains(s, "active            22        0      0        0") {
		t.Errorf("the row does not show 22 delivered:\n%s", s)
	}
	if d, err := flow.Load(file); err != nil || d.Status != flow.StatusActive {
		t.Errorf("status %v, %v", d.Status, err)
	}
}
