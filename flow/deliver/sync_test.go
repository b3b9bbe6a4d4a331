package deliver

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	gosync "sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// recordLine is one time entry of the sync tests' Nexset.
func recordLine(id, note string) string {
	return fmt.Sprintf(`{"id":%q,"date":"2024-03-04","hours":1.5,"note":%q,"matter_id":3001}`+"\n", id, note)
}

// syncFixture delivers R1..R3 and returns what a re-activation needs.
func syncFixture(t *testing.T, cfg sandbox.Config) (*env, *flow.Destination, string, *ledger.Ledger, map[string]int64) {
	t.Helper()
	e := startSandbox(t, cfg)
	dir := t.TempDir()
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != 3 {
		t.Fatalf("first run: %+v", s)
	}
	ids := map[string]int64{}
	for _, k := range []string{"R1", "R2", "R3"} {
		ent, ok, err := l.Get(k)
		if err != nil || !ok || ent.ClioID == 0 || ent.Fingerprint == "" {
			t.Fatalf("ledger row %s: %+v %v %v", k, ent, ok, err)
		}
		ids[k] = ent.ClioID
	}
	return e, d, dir, l, ids
}

// apiSince is the API requests the sandbox saw after the first n.
func apiSince(t *testing.T, e *env, n int) []sandbox.LogEntry {
	t.Helper()
	var out []sandbox.LogEntry
	for _, en := range e.log.entries(t)[n:] {
		if strings.HasPrefix(en.Path, "/api/v4/") {
			out = append(out, en)
		}
	}
	return out
}

// TestSyncCorrectAddDelete is the issue's "done when": correct one record,
// add one, delete one, activate again → one PATCH of the first record's
// object with the new value and one create, nothing else.
func TestSyncCorrectAddDelete(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	before := len(e.log.entries(t))
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R3", "third")+recordLine("R4", "fourth"))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 1 || s.Updated != 1 || s.Delivered != 2 || s.Skipped != 1 || s.Failed != 0 || s.OnChange != "update" {
		t.Fatalf("summary %+v", s)
	}
	reqs := apiSince(t, e, before)
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want a PATCH and a POST: %+v", len(reqs), reqs)
	}
	var patch, post *sandbox.LogEntry
	for i := range reqs {
		switch reqs[i].Method {
		case "PATCH":
			patch = &reqs[i]
		case "POST":
			post = &reqs[i]
		}
	}
	if patch == nil || post == nil {
		t.Fatalf("requests %+v", reqs)
	}
	if want := fmt.Sprintf("/api/v4/activities/%d.json", ids["R1"]); patch.Path != want || patch.Status != 200 || !strings.Contains(string(patch.Body), "first, corrected") {
		t.Fatalf("PATCH %s %d %s, want %s with the new note", patch.Path, patch.Status, patch.Body, want)
	}
	if !strings.Contains(string(post.Body), "fourth") {
		t.Fatalf("POST body %s", post.Body)
	}
	ent, _, _ := l.Get("R1")
	if ent.State != ledger.Delivered || ent.ClioID != ids["R1"] {
		t.Fatalf("R1 after its update: %+v", ent)
	}
	// A third activation finds nothing to do.
	before = len(e.log.entries(t))
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 0 || s.Skipped != 3 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("third run: %+v", s)
	}
}

func TestSyncOnChangeSkipAndCreate(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	before := len(e.log.entries(t))
	d.OnChange = "skip"
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 1 || s.ChangedSkipped != 1 || s.Skipped != 3 || s.Requests != 0 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("skip: %+v", s)
	}
	d.OnChange = "create"
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	reqs := apiSince(t, e, before)
	if s.Changed != 1 || s.Delivered != 1 || len(reqs) != 1 || reqs[0].Method != "POST" {
		t.Fatalf("create: %+v, requests %+v", s, reqs)
	}
	if ent, _, _ := l.Get("R1"); ent.ClioID == ids["R1"] || ent.State != ledger.Delivered {
		t.Fatalf("R1 after create: %+v (old object %d)", ent, ids["R1"])
	}
}

// TestSyncUpdateRefused: Clio refuses the update (a billed activity): the
// record fails with Clio's message and keeps its old fingerprint, so the
// next run tries again.
func TestSyncUpdateRefused(t *testing.T) {
	// The sandbox numbers objects alike: learn the three IDs from a first one.
	_, _, _, _, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	e, d, dir, l, _ := syncFixture(t, sandbox.Config{RateLimit: -1, Billed: []int64{ids["R1"], ids["R2"], ids["R3"]}})
	old, _, _ := l.Get("R1")
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	var msgs []string
	o := Options{Destination: d, Client: e.client, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok {
			msgs = append(msgs, f.Message)
		}
	}}
	s := run(t, context.Background(), o)
	if s.Changed != 1 || s.Failed != 1 || s.Updated != 0 || len(msgs) != 1 || !strings.Contains(msgs[0], "billed") {
		t.Fatalf("summary %+v, failures %q", s, msgs)
	}
	ent, _, _ := l.Get("R1")
	if ent.Fingerprint != old.Fingerprint || ent.ClioID != old.ClioID {
		t.Fatalf("R1 after a refused update: %+v (was %+v)", ent, old)
	}
	// retry PATCHes it again (never a create).
	before := len(e.log.entries(t))
	o.Mode = ledger.ModeRetry
	s = run(t, context.Background(), o)
	reqs := apiSince(t, e, before)
	if len(reqs) != 1 || reqs[0].Method != "PATCH" || s.Failed != 1 {
		t.Fatalf("retry: %+v, requests %+v", s, reqs)
	}
}

// TestSyncUpdateOfDeletedObject: a 404 on the PATCH says the object was
// deleted in Clio and offers on_change: create.
func TestSyncUpdateOfDeletedObject(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	if _, err := e.client.Do(context.Background(), clio.Request{Method: "DELETE", Path: fmt.Sprintf("/activities/%d.json", ids["R1"])}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	var msgs []string
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Events: func(ev Event) {
		if f, ok := ev.(RecordFailed); ok {
			msgs = append(msgs, f.Message)
		}
	}})
	if s.Failed != 1 || len(msgs) != 1 || !strings.Contains(msgs[0], "deleted in Clio") || !strings.Contains(msgs[0], "on_change: create") {
		t.Fatalf("summary %+v, failures %q", s, msgs)
	}
}

// TestSyncMigratedLedger: rows delivered before fingerprints existed are
// unchanged; the run records their fingerprint and sends nothing.
func TestSyncMigratedLedger(t *testing.T) {
	e, d, _, l, _ := syncFixture(t, sandbox.Config{RateLimit: -1})
	path := l.Path()
	l.Close()
	clearFingerprints(t, path)
	l2, err := ledger.Open(path, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l2})
	if s.Skipped != 3 || s.Changed != 0 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("summary %+v", s)
	}
	if ent, _, _ := l2.Get("R2"); ent.Fingerprint == "" {
		t.Fatalf("R2 has no fingerprint after the run: %+v", ent)
	}
}

// clearFingerprints makes the ledger at path look delivered before
// fingerprints existed (the migration's default).
func clearFingerprints(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE records SET fingerprint = ''`); err != nil {
		t.Fatal(err)
	}
}

// noKeyFixture delivers R1..R4 by a destination without a key attribute.
func noKeyFixture(t *testing.T) (*env, *flow.Destination, string, *ledger.Ledger) {
	t.Helper()
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	dir := t.TempDir()
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third")+recordLine("R4", "fourth"))
	d, file := activityDestOn(t, dir, "records.jsonl")
	d.Nexset.Key = ""
	d = saveDest(t, d, file)
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != 4 {
		t.Fatalf("first run: %+v", s)
	}
	return e, d, dir, l
}

// TestSyncWithoutKeyUpdatesInPlace: without a key an edited record is the
// one delivered at its position: updated, never created again.
func TestSyncWithoutKeyUpdatesInPlace(t *testing.T) {
	e, d, dir, l := noKeyFixture(t)
	old, _ := l.AtPos(2)
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second, corrected")+recordLine("R3", "third")+recordLine("R4", "fourth")+recordLine("R5", "fifth"))
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	reqs := apiSince(t, e, before)
	if s.Changed != 1 || s.Updated != 1 || s.Delivered != 2 || len(reqs) != 2 {
		t.Fatalf("summary %+v, requests %+v", s, reqs)
	}
	for _, r := range reqs {
		if r.Method == "PATCH" && r.Path != fmt.Sprintf("/api/v4/activities/%d.json", old[0].ClioID) {
			t.Fatalf("PATCH of %s, want record 2's object %d", r.Path, old[0].ClioID)
		}
	}
	now, _ := l.AtPos(2)
	if len(now) != 1 || now[0].Key == old[0].Key || now[0].ClioID != old[0].ClioID || now[0].State != ledger.Delivered {
		t.Fatalf("position 2 after the update: %+v (was %+v)", now, old)
	}
	before = len(e.log.entries(t))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 5 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("third run: %+v", s)
	}
}

// TestSyncWithoutKeyRefusesShift: a record inserted before delivered ones
// shifts their positions; the run stops before sending and says why.
func TestSyncWithoutKeyRefusesShift(t *testing.T) {
	e, d, dir, l := noKeyFixture(t)
	writeFile(t, dir, "records.jsonl", recordLine("R0", "inserted")+recordLine("R1", "first")+recordLine("R2", "second")+recordLine("R3", "third")+recordLine("R4", "fourth"))
	before := len(e.log.entries(t))
	_, err := Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	var se *ShiftedError
	if !errors.As(err, &se) || se.Shifted != 3 || se.First != 2 || !strings.Contains(err.Error(), "nexset.key") {
		t.Fatalf("run: %v", err)
	}
	if reqs := apiSince(t, e, before); len(reqs) != 0 {
		t.Fatalf("sent %+v", reqs)
	}
}

// TestSyncPatchFaults: updates that meet 503s and answers lost after Clio
// applied them are retried (a PATCH is idempotent) until each changed
// record's object holds its new value; nothing is created, nothing is left
// in doubt.
func TestSyncPatchFaults(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	var mu gosync.Mutex
	patches, seen := 0, map[string]int{} // PATCHes in all, and per object
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPatch {
			sb.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		patches++
		seen[r.URL.Path]++
		n, tries := patches, seen[r.URL.Path]
		mu.Unlock()
		fault := 0 // each object's first PATCH meets a fault: a 503, or a lost answer
		if tries == 1 {
			fault = 1 + n%2
		}
		switch fault {
		case 1: // refused before handling
			http.Error(w, `{"error":{"type":"ServiceUnavailable","message":"busy"}}`, http.StatusServiceUnavailable)
		case 2: // applied, then the answer is lost
			sb.ServeHTTP(httptest.NewRecorder(), r)
			hj, ok := w.(http.Hijacker)
			if !ok {
				t.Error("no hijacker")
				return
			}
			c, _, err := hj.Hijack()
			if err == nil {
				c.Close()
			}
		default:
			sb.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	client := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})

	dir := t.TempDir()
	var b, changed strings.Builder
	for i := 1; i <= 10; i++ {
		b.WriteString(recordLine(fmt.Sprintf("R%d", i), fmt.Sprintf("note %d", i)))
		changed.WriteString(recordLine(fmt.Sprintf("R%d", i), fmt.Sprintf("note %d, corrected", i)))
	}
	writeFile(t, dir, "records.jsonl", b.String())
	d, file := activityDestOn(t, dir, "records.jsonl")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l}); s.Delivered != 10 {
		t.Fatalf("first run: %+v", s)
	}
	created := sb.Created("activities")
	writeFile(t, dir, "records.jsonl", changed.String())
	s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, MaxAttempts: 6})
	if s.Changed != 10 || s.Updated != 10 || s.Failed != 0 || s.InDoubt != 0 || s.Retries == 0 {
		t.Fatalf("summary %+v", s)
	}
	if sb.Created("activities") != created {
		t.Fatalf("the updates created %d objects", sb.Created("activities")-created)
	}
	for i := 1; i <= 10; i++ {
		ent, _, _ := l.Get(fmt.Sprintf("R%d", i))
		resp, err := client.Do(context.Background(), clio.Request{Path: fmt.Sprintf("/activities/%d.json?fields=note", ent.ClioID)})
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("note %d, corrected", i); !strings.Contains(string(resp.Body), want) {
			t.Fatalf("R%d's object: %s, want %q", i, resp.Body, want)
		}
	}
	if s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l}); s.Skipped != 10 || s.Requests != 0 {
		t.Fatalf("after the updates: %+v", s)
	}
}

// TestSyncKilledMidPatch: a process killed while a changed record's PATCH
// was in flight leaves it in doubt with Clio's ID; the next run sends the
// PATCH again (idempotent), never a create.
func TestSyncKilledMidPatch(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first, corrected")+recordLine("R2", "second")+recordLine("R3", "third"))
	// What the killed run left: R1 reopened and marked in flight, no answer.
	if err := l.Reopen([]string{"R1"}); err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("/api/v4/activities/%d.json", ids["R1"])
	if err := l.MarkInFlight([]ledger.Entry{{Key: "R1", Pos: 1, Line: 1, Method: "PATCH", URL: url}}); err != nil {
		t.Fatal(err)
	}
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	reqs := apiSince(t, e, before)
	if len(reqs) != 1 || reqs[0].Method != "PATCH" || reqs[0].Path != url || s.Delivered != 1 || s.Skipped != 2 {
		t.Fatalf("summary %+v, requests %+v", s, reqs)
	}
	if ent, _, _ := l.Get("R1"); ent.State != ledger.Delivered || ent.ClioID != ids["R1"] || ent.Fingerprint == "" {
		t.Fatalf("R1: %+v", ent)
	}
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 3 || s.Requests != 0 {
		t.Fatalf("after: %+v", s)
	}
}
