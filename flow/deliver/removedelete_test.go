package deliver

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	gosync "sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestRenamedKeyIsNoTwin: R3 renamed R3x with its body unchanged is not
// created a second time: it fails naming both keys and R3's object, and
// is recorded failed; restoring the key makes it unchanged; on_change
// create makes the new object when that is what is meant.
func TestRenamedKeyIsNoTwin(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3x", "third"))
	var failed []RecordFailed
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok {
			failed = append(failed, f)
		}
	}})
	if s.Failed != 1 || s.Delivered != 0 || s.Skipped != 2 || len(apiSince(t, e, before)) != 0 || s.Removed != 1 {
		t.Fatalf("summary %+v, requests %v", s, apiSince(t, e, before))
	}
	if len(failed) != 1 || !strings.Contains(failed[0].Message, `key "R3x" is new`) || !strings.Contains(failed[0].Message, `key "R3"`) ||
		!strings.Contains(failed[0].Message, fmt.Sprint(ids["R3"])) || !strings.Contains(failed[0].Message, "retry --on-change create") {
		t.Fatalf("failures %+v", failed)
	}
	if ent, ok, _ := l.Get("R3x"); !ok || ent.State != ledger.Failed || ent.ErrType != "renamed" {
		t.Fatalf("R3x in the ledger: %+v %v", ent, ok)
	}
	// retry does not create the twin either.
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry}); s.Delivered != 0 || s.Failed != 1 {
		t.Fatalf("retry: %+v", s)
	}
	// Restoring the key: nothing to send (R3x's failed row stays, as any failed record's does).
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third"))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 3 || s.Requests != 0 || s.Removed != 0 {
		t.Fatalf("key restored: %+v", s)
	}
	// A new record that equals a removed one, asked for (retry --on-change create): created.
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3x", "third"))
	d.OnChange = "create"
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry}); s.Delivered != 1 || s.Failed != 0 {
		t.Fatalf("on_change create: %+v", s)
	}
}

// TestOnRemoveDelete: removed records are counted with keep; with delete
// (confirmed for the run) their objects are deleted in Clio through 503s
// (retried) and an object deleted by hand already (404), and their rows
// leave the ledger; a record that comes back is created anew.
func TestOnRemoveDelete(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	var mu gosync.Mutex
	deletes := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			mu.Lock()
			deletes[r.URL.Path]++
			n := deletes[r.URL.Path]
			mu.Unlock()
			if n == 1 {
				http.Error(w, `{"error":{"type":"ServiceUnavailable","message":"busy"}}`, http.StatusServiceUnavailable)
				return
			}
		}
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	client := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})

	dir := t.TempDir()
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third")+recordLine("R4", "fourth"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l}); s.Delivered != 4 || s.Removed != 0 {
		t.Fatalf("first run: %+v", s)
	}
	ids := map[string]int64{}
	for _, k := range []string{"R1", "R2", "R3", "R4"} {
		ent, _, _ := l.Get(k)
		ids[k] = ent.ClioID
	}
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R3", "third"))
	// keep: counted, nothing sent.
	if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l}); s.Removed != 2 || s.OnRemove != "keep" || s.Requests != 0 || s.Deleted != 0 {
		t.Fatalf("keep: %+v", s)
	}
	// R4's object is deleted in Clio by hand: its DELETE is answered 404 (after a 503).
	if _, err := client.Do(context.Background(), clio.Request{Method: http.MethodDelete, Path: fmt.Sprintf("/activities/%d.json", ids["R4"])}); err == nil {
		t.Fatal("the first DELETE was not refused (the test server's 503)")
	}
	if _, err := client.Do(context.Background(), clio.Request{Method: http.MethodDelete, Path: fmt.Sprintf("/activities/%d.json", ids["R4"])}); err != nil {
		t.Fatal(err)
	}
	s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, DeleteRemoved: true, MaxAttempts: 4})
	if s.Removed != 2 || s.Deleted != 2 || s.DeleteFailed != 0 || s.OnRemove != "delete" || s.Skipped != 2 || s.Retries == 0 {
		t.Fatalf("delete: %+v", s)
	}
	for _, k := range []string{"R2", "R4"} {
		if _, ok, _ := l.Get(k); ok {
			t.Fatalf("%s still in the ledger", k)
		}
		resp, err := client.Do(context.Background(), clio.Request{Path: fmt.Sprintf("/activities/%d.json", ids[k])})
		if err == nil {
			t.Fatalf("%s's object is still in Clio: %s", k, resp.Body)
		}
	}
	if r, err := l.LastRun(); err != nil || r.Deleted != 2 {
		t.Fatalf("last run %+v %v", r, err)
	}
	// Nothing more to delete; R2 back in the Nexset is created again.
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third"))
	if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, DeleteRemoved: true}); s.Removed != 0 || s.Delivered != 1 || s.Skipped != 2 {
		t.Fatalf("R2 back: %+v", s)
	}
}
