package deliver

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// settingsOf is the body settings a run of d makes bases with.
func settingsOf(t *testing.T, d *flow.Destination) string {
	t.Helper()
	p, err := d.Plan()
	if err != nil {
		t.Fatal(err)
	}
	s := p.BodySettings()
	if s == "" {
		t.Fatal("no body settings")
	}
	return s
}

// checkBases fails unless every Delivered row of l has the basis of its
// fingerprint and content under d's settings today.
func checkBases(t *testing.T, l *ledger.Ledger, d *flow.Destination, keys ...string) {
	t.Helper()
	settings := settingsOf(t, d)
	for _, k := range keys {
		ent, ok, err := l.Get(k)
		if err != nil || !ok || ent.State != ledger.Delivered {
			t.Fatalf("%s: %+v %v %v", k, ent, ok, err)
		}
		if want := flowsync.Basis(settings, ent.ContentHash, ent.Fingerprint); ent.Basis == 0 || ent.Basis != want {
			t.Fatalf("%s: basis %d, want %d (%+v)", k, ent.Basis, want, ent)
		}
	}
}

// rewriteRows reopens the ledger of l after fn changed its file: what a
// ledger written by another build, or by hand, looks like to a run.
func rewriteRows(t *testing.T, l *ledger.Ledger, d *flow.Destination, fn func(db *sql.DB)) *ledger.Ledger {
	t.Helper()
	path := l.Path()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	fn(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	l2, err := ledger.Open(path, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l2.Close() })
	return l2
}

// forge gives every delivered row a fingerprint no body has, with the
// basis that vouches for it under settings: the full comparison finds
// such a row changed, the quick one unchanged, so a run's verdict tells
// which path each record took.
func forge(t *testing.T, db *sql.DB, settings string) {
	t.Helper()
	rows, err := db.Query(`SELECT key, content_hash FROM records WHERE state = 'delivered'`)
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]string{}
	for rows.Next() {
		var k, h string
		if err := rows.Scan(&k, &h); err != nil {
			t.Fatal(err)
		}
		hashes[k] = h
	}
	rows.Close()
	if len(hashes) == 0 {
		t.Fatal("nothing delivered to forge")
	}
	for k, h := range hashes {
		if _, err := db.Exec(`UPDATE records SET fingerprint = 'f:forged', basis = ? WHERE key = ?`, flowsync.Basis(settings, h, "f:forged"), k); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQuickUnchanged: a delivery records its fingerprint's basis; a
// re-activation takes a record whose basis holds as unchanged without
// building it (a forged fingerprint, which a comparison would find
// changed, is not even looked at), while an edited record is built,
// compared and updated, and gets the basis of its new body.
func TestQuickUnchanged(t *testing.T) {
	e, d, dir, l, ids := syncFixture(t, sandbox.Config{RateLimit: -1})
	checkBases(t, l, d, "R1", "R2", "R3")
	settings := settingsOf(t, d)
	l = rewriteRows(t, l, d, func(db *sql.DB) { forge(t, db, settings) })
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Skipped != 3 || s.Changed != 0 || s.Requests != 0 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("forged run: %+v", s)
	}

	// R2 edited: it alone is built and compared, and updated.
	writeFile(t, dir, "records.jsonl", recordLine("R1", "first")+recordLine("R2", "second, corrected")+recordLine("R3", "third"))
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	reqs := apiSince(t, e, before)
	if s.Changed != 1 || s.Updated != 1 || s.Skipped != 2 || len(reqs) != 1 || reqs[0].Method != "PATCH" || reqs[0].Path != fmt.Sprintf("/api/v4/activities/%d.json", ids["R2"]) {
		t.Fatalf("edited run: %+v, requests %+v", s, reqs)
	}
	checkBases(t, l, d, "R2")
	if ent, _, _ := l.Get("R1"); ent.Fingerprint != "f:forged" {
		t.Fatalf("R1 rewritten by a run that had nothing to do with it: %+v", ent)
	}
}

// TestQuickSettingsChange: a change to a setting that shapes bodies (here
// the time zone) sends every record through the full comparison again; a
// change to one that shapes none (the name, on_change) does not.
func TestQuickSettingsChange(t *testing.T) {
	e, d, _, l, _ := syncFixture(t, sandbox.Config{RateLimit: -1})
	settings := settingsOf(t, d)
	l = rewriteRows(t, l, d, func(db *sql.DB) { forge(t, db, settings) })
	d.Name, d.OnChange = "renamed", "skip"
	if settingsOf(t, d) != settings {
		t.Fatal("the name and on_change changed the body settings")
	}
	before := len(e.log.entries(t))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 3 || s.Changed != 0 {
		t.Fatalf("renamed: %+v", s)
	}
	d.Timezone = "America/Vancouver"
	if settingsOf(t, d) == settings {
		t.Fatal("the time zone left the body settings as they were")
	}
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 3 || s.ChangedSkipped != 3 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("new time zone: %+v (every record compared: the forged fingerprints differ)", s)
	}
}

// TestQuickFillsBases: a ledger written before bases existed (the
// migration's 0) is compared in full once; the unchanged records get
// their basis then. Rows delivered before fingerprints get both.
func TestQuickFillsBases(t *testing.T) {
	e, d, _, l, _ := syncFixture(t, sandbox.Config{RateLimit: -1})
	l = rewriteRows(t, l, d, func(db *sql.DB) {
		if _, err := db.Exec(`UPDATE records SET basis = 0`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE records SET fingerprint = '' WHERE key = 'R3'`); err != nil {
			t.Fatal(err)
		}
	})
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Skipped != 3 || s.Changed != 0 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("summary %+v", s)
	}
	checkBases(t, l, d, "R1", "R2", "R3")
}

// TestQuickLookups: a record whose body looks values up is unchanged by
// its references, as its fingerprint is (the IDs found are no part of
// either): a re-activation takes it quickly and asks Clio nothing.
func TestQuickLookups(t *testing.T) {
	ev := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, path := lookupDest(t, lookupCSV)
	l := openLedger(t, d, path)
	if s, _ := Run(context.Background(), Options{Destination: d, Ledger: l, Client: ev.client}); s.Delivered != 4 {
		t.Fatalf("first run: %+v", s)
	}
	checkBases(t, l, d, "E1", "E2", "E3", "E5")
	settings := settingsOf(t, d)
	l = rewriteRows(t, l, d, func(db *sql.DB) { forge(t, db, settings) })
	n := len(ev.log.entries(t))
	s, _ := Run(context.Background(), Options{Destination: d, Ledger: l, Client: ev.client})
	if s.Skipped != 4 || s.Changed != 0 || s.Left != 1 || s.Lookups != 0 || len(ev.log.entries(t)) != n {
		t.Fatalf("second run: %+v", s)
	}
}

// TestQuickOnStream: records read from standard input, taken as they come
// rather than in whole chunks looked up ahead, are told unchanged by their
// basis all the same.
func TestQuickOnStream(t *testing.T) {
	e, d, _, l, _ := syncFixture(t, sandbox.Config{RateLimit: -1})
	settings := settingsOf(t, d)
	l = rewriteRows(t, l, d, func(db *sql.DB) { forge(t, db, settings) })
	d.Nexset.Path = "-"
	if settingsOf(t, d) != settings {
		t.Fatal("the Nexset's path changed the body settings")
	}
	in := strings.NewReader(recordLine("R1", "first") + recordLine("R2", "second, corrected") + recordLine("R3", "third"))
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Stdin: in})
	reqs := apiSince(t, e, before)
	if s.Skipped != 2 || s.Changed != 1 || s.Updated != 1 || len(reqs) != 1 || reqs[0].Method != "PATCH" {
		t.Fatalf("summary %+v, requests %+v", s, reqs)
	}
}
