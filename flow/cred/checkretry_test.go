package cred

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestCheckRetriesA500: a check asks who_am_i again after a 500 (a GET is
// safe to repeat), as every other request of cliodest is retried, and
// gives up after checkAttempts.
func TestCheckRetriesA500(t *testing.T) {
	mockKeyring(t)
	sb := sandbox.New(sandboxConfigNoLimit())
	var fail500, asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/who_am_i.json") {
			asked.Add(1)
			if fail500.Add(-1) >= 0 {
				http.Error(w, `{"error":{"type":"InternalServerError","message":"boom"}}`, http.StatusInternalServerError)
				return
			}
		}
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	host, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	s, _ := newTestStore(t, Options{})
	if _, err := s.Login(context.Background(), LoginOptions{Name: "firm", Host: host, Kind: KindToken, Token: access}); err != nil {
		t.Fatal(err)
	}

	fail500.Store(2)
	asked.Store(0)
	if _, err := s.Check(context.Background(), "firm"); err != nil {
		t.Fatalf("check after two 500s: %v", err)
	}
	if n := asked.Load(); n != 3 {
		t.Errorf("who_am_i asked %d times, want 3 (two 500s, then the answer)", n)
	}

	fail500.Store(checkAttempts)
	asked.Store(0)
	if _, err := s.Check(context.Background(), "firm"); err == nil || !strings.Contains(err.Error(), "500") {
		t.Fatalf("check after %d 500s: %v", checkAttempts, err)
	}
	if n := asked.Load(); n != checkAttempts {
		t.Errorf("who_am_i asked %d times, want %d", n, checkAttempts)
	}
}
