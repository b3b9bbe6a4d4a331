package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	gosync "sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// noteOf reads the note of activity id from the sandbox.
func noteOf(t *testing.T, c *clio.Client, id int64) string {
	t.Helper()
	resp, err := c.Do(context.Background(), clio.Request{Path: fmt.Sprintf("/activities/%d.json?fields=note", id)})
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Data struct{ Note string } `json:"data"`
	}
	if err := json.Unmarshal(resp.Body, &v); err != nil {
		t.Fatal(err)
	}
	return v.Data.Note
}

// conflicts collects the RecordConflict events of a run.
type conflicts struct {
	mu  gosync.Mutex
	evs []RecordConflict
}

func (c *conflicts) events(ev Event) {
	if rc, ok := ev.(RecordConflict); ok {
		c.mu.Lock()
		c.evs = append(c.evs, rc)
		c.mu.Unlock()
	}
}

// TestETagKeptAndSent: the ledger keeps the etag of each create, and the
// update of a changed record sends it as IF-MATCH; the update's own etag
// replaces it.
func TestETagKeptAndSent(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	ent, _, _ := l.Get("R1")
	if ent.ETag == "" || ent.ETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1's etag %q, Clio's %q", ent.ETag, e.sb.ETag("activities", ids["R1"]))
	}
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Updated != 1 || s.Conflicts != 0 {
		t.Fatalf("summary %+v", s)
	}
	after, _, _ := l.Get("R1")
	if after.ETag == ent.ETag || after.ETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1's etag after its update %q (before %q), Clio's %q", after.ETag, ent.ETag, e.sb.ETag("activities", ids["R1"]))
	}
}

// TestConflictKept is the issue's "done when": a record changed in the
// Nexset and edited in Clio by staff is reported as a conflict, with the
// staff's value kept; activate and retry leave it alone; retry
// --overwrite-conflicts sends the record's value with the etag Clio
// showed at the conflict.
func TestConflictKept(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	if _, err := e.sb.EditInClio("activities", ids["R1"], map[string]any{"note": "staff's note"}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second, corrected")+recordLine("R3", "third"))
	var cs conflicts
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Events: cs.events})
	if s.Conflicts != 1 || s.Failed != 1 || s.Updated != 1 || s.Overwritten != 0 {
		t.Fatalf("summary %+v", s)
	}
	if got := noteOf(t, e.client, ids["R1"]); got != "staff's note" {
		t.Fatalf("R1's object holds %q, want the staff's note kept", got)
	}
	if len(cs.evs) != 1 || cs.evs[0].Key != "R1" || cs.evs[0].ClioID != ids["R1"] || !slices.Equal(cs.evs[0].Differs, []string{"note"}) || cs.evs[0].Action != ConflictKept {
		t.Fatalf("events %+v", cs.evs)
	}
	ent, _, _ := l.Get("R1")
	if !ent.IsConflict() || ent.HTTPStatus != 412 || ent.SeenETag != e.sb.ETag("activities", ids["R1"]) || !strings.Contains(ent.ErrMessage, "differs from this record: note") {
		t.Fatalf("R1's row %+v", ent)
	}
	if n, err := l.CountConflicts(); err != nil || n != 1 {
		t.Fatalf("CountConflicts %d %v", n, err)
	}

	before := len(e.log.entries(t))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Requests != 0 || s.Conflicts != 0 {
		t.Fatalf("activate again: %+v", s)
	}
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry}); s.Requests != 0 || s.ConflictsLeft != 1 {
		t.Fatalf("retry: %+v", s)
	}
	if n := len(apiSince(t, e, before)); n != 0 {
		t.Fatalf("%d requests for a conflict left alone", n)
	}
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry, OverwriteConflicts: true})
	if s.Overwritten != 1 || s.Delivered != 1 || s.Conflicts != 0 {
		t.Fatalf("retry --overwrite-conflicts: %+v", s)
	}
	reqs := apiSince(t, e, before)
	if len(reqs) != 1 || reqs[0].Method != "PATCH" || reqs[0].Status != 200 {
		t.Fatalf("requests %+v", reqs)
	}
	if got := noteOf(t, e.client, ids["R1"]); got != "first, corrected" {
		t.Fatalf("R1's object holds %q after the overwrite", got)
	}
	if ent, _, _ := l.Get("R1"); ent.State != ledger.Delivered || ent.IsConflict() || ent.SeenETag != "" || ent.ETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1 after the overwrite: %+v", ent)
	}
}

// TestConflictChangedAgain: staff edit the object again after the conflict
// was reported; retry --overwrite-conflicts sends the etag the analyst saw,
// meets 412 again, and keeps the new edit as a conflict.
func TestConflictChangedAgain(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	e.sb.EditInClio("activities", ids["R1"], map[string]any{"note": "staff's note"})
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Conflicts != 1 {
		t.Fatalf("summary %+v", s)
	}
	e.sb.EditInClio("activities", ids["R1"], map[string]any{"note": "staff's second note"})
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry, OverwriteConflicts: true})
	if s.Conflicts != 1 || s.Overwritten != 0 {
		t.Fatalf("retry --overwrite-conflicts: %+v", s)
	}
	if got := noteOf(t, e.client, ids["R1"]); got != "staff's second note" {
		t.Fatalf("R1's object holds %q", got)
	}
	if ent, _, _ := l.Get("R1"); !ent.IsConflict() || !strings.Contains(ent.ErrMessage, "again") || ent.SeenETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1: %+v", ent)
	}
}

// TestConflictOverwrite: on_conflict: overwrite sends the record's value
// over the staff's change, with the etag just read, and says so.
func TestConflictOverwrite(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	e.sb.EditInClio("activities", ids["R1"], map[string]any{"note": "staff's note"})
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	d.OnConflict = "overwrite"
	var cs conflicts
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Events: cs.events})
	if s.Overwritten != 1 || s.Updated != 1 || s.Conflicts != 0 || s.Failed != 0 {
		t.Fatalf("summary %+v", s)
	}
	if len(cs.evs) != 1 || cs.evs[0].Action != ConflictOverwrite {
		t.Fatalf("events %+v", cs.evs)
	}
	if got := noteOf(t, e.client, ids["R1"]); got != "first, corrected" {
		t.Fatalf("R1's object holds %q", got)
	}
	if ent, _, _ := l.Get("R1"); ent.State != ledger.Delivered || ent.ETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1: %+v", ent)
	}
}

// patchFaults serves a sandbox whose first PATCH is applied and its answer
// lost; before (when set) runs before every later PATCH reaches it.
func patchFaults(t *testing.T, before func()) (*sandbox.Server, *clio.Client, *[]string) {
	t.Helper()
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	var mu gosync.Mutex
	var seen []string // method and status of each request to an object
	patches := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		mu.Lock()
		first := r.Method == http.MethodPatch && patches == 0
		if r.Method == http.MethodPatch {
			patches++
		}
		mu.Unlock()
		if r.Method == http.MethodPatch && !first && before != nil {
			before()
		}
		sb.ServeHTTP(rec, r)
		if strings.Contains(r.URL.Path, "/activities/") {
			mu.Lock()
			seen = append(seen, fmt.Sprintf("%s %d", r.Method, rec.Code))
			mu.Unlock()
		}
		if first { // applied, then the answer is lost
			if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
				c.Close()
			}
			return
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	return sb, clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()}), &seen
}

// TestOwnLostPatchIsNoConflict is the exactly-once core: an update whose
// answer was lost after Clio applied it is sent again with the same
// IF-MATCH and meets 412 — our own write changed the etag. Reading the
// object back shows the record's values, so it is delivered, not a
// conflict; with a staff edit between the two attempts it is one.
func TestOwnLostPatchIsNoConflict(t *testing.T) {
	for _, staff := range []bool{false, true} {
		t.Run(fmt.Sprintf("staff edit between: %v", staff), func(t *testing.T) {
			var sb *sandbox.Server
			var id int64
			var once gosync.Once
			sb, client, seen := patchFaults(t, func() {
				if staff {
					once.Do(func() { sb.EditInClio("activities", id, map[string]any{"note": "staff's note"}) })
				}
			})
			dir := t.TempDir()
			writeFile(t, dir, "records.jsonl", recordLine("R1", "first"))
			d, file := activityDestOn(t, dir, "records.jsonl")
			l := openLedger(t, d, file)
			if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l}); s.Delivered != 1 {
				t.Fatalf("first run: %+v", s)
			}
			ent, _, _ := l.Get("R1")
			id = ent.ClioID
			writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected"))
			s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, MaxAttempts: 4})
			want := []string{"PATCH 200", "PATCH 412", "GET 200"}
			if !slices.Equal(*seen, want) {
				t.Fatalf("requests %v, want %v", *seen, want)
			}
			ent, _, _ = l.Get("R1")
			if staff {
				if s.Conflicts != 1 || !ent.IsConflict() || noteOf(t, client, id) != "staff's note" {
					t.Fatalf("summary %+v, row %+v", s, ent)
				}
				return
			}
			if s.Updated != 1 || s.Conflicts != 0 || s.Failed != 0 || ent.State != ledger.Delivered || ent.ETag != sb.ETag("activities", id) {
				t.Fatalf("summary %+v, row %+v (Clio's etag %s)", s, ent, sb.ETag("activities", id))
			}
			if sb.Created("activities") != 1 {
				t.Fatalf("%d objects created", sb.Created("activities"))
			}
		})
	}
}

// TestKilledAfterPatchLanded: a process killed after its update reached
// Clio leaves the record in doubt with the etag of before; the next run
// sends the update again, meets 412 and finds its own values: delivered.
func TestKilledAfterPatchLanded(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	old, _, _ := l.Get("R1")
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	if err := l.Reopen([]string{"R1"}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/activities/%d.json", ids["R1"])
	if err := l.MarkInFlight([]ledger.Entry{{Key: "R1", Pos: 1, Line: 1, Method: "PATCH", URL: "/api/v4" + path}}); err != nil {
		t.Fatal(err)
	}
	// The killed process's PATCH reached Clio; its answer never reached the ledger.
	if _, _, err := e.client.Update(context.Background(), path, map[string]any{"note": "first, corrected"}, old.ETag, ""); err != nil {
		t.Fatal(err)
	}
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered != 1 || s.Conflicts != 0 || s.Failed != 0 {
		t.Fatalf("summary %+v", s)
	}
	if ent, _, _ := l.Get("R1"); ent.State != ledger.Delivered || ent.ETag != e.sb.ETag("activities", ids["R1"]) {
		t.Fatalf("R1: %+v", ent)
	}
}
