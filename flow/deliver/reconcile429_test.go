package deliver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// busyLists answers the first n list requests 429, as Clio does when
// another client on the token spent the window.
type busyLists struct {
	next http.Handler
	n    atomic.Int32
}

func (b *busyLists) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && b.n.Add(-1) >= 0 {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":{"type":"RateLimited","message":"Rate limit exceeded. Retry in 1 seconds."}}`))
		return
	}
	b.next.ServeHTTP(w, r)
}

// A retry --in-doubt look-up that meets 429s waits them out like any
// request (within --max-attempts) and then finds the object: the record is
// reconciled, not left in doubt after two raw attempts (issue 15.3).
func TestInDoubtLookupWaitsOut429(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	ff := &failFirst{sb: sb, seen: map[string]bool{}, notes: map[string]bool{"call k2": true}}
	busy := &busyLists{next: ff}
	srv := httptest.NewServer(busy)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})
	dir := t.TempDir()
	writeFile(t, dir, "records.jsonl", `{"id":"k1","date":"2024-03-04","hours":0.5,"note":"call k1","matter_id":3001}
{"id":"k2","date":"2024-03-04","hours":0.5,"note":"call k2","matter_id":3001}
`)
	d, file := activityDestOn(t, dir, "records.jsonl")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l}); s.InDoubt != 1 || s.Delivered != 1 {
		t.Fatalf("activation %+v", s)
	}
	busy.n.Store(3)
	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true, MaxAttempts: 5})
	if s.Reconciled != 1 || s.InDoubt != 0 || s.Retries < 3 {
		t.Fatalf("retry --in-doubt %+v: want k2 reconciled after waiting out 3 answers 429", s)
	}
	if got := sb.Created("activities"); got != 2 {
		t.Errorf("Clio holds %d activities, want 2 (k2 found, not created again)", got)
	}
	checkOnce(t, l, sb)
}
