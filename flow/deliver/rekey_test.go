package deliver

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// rekeyedDest is a destination of three delivered records (keys R1..R3 by
// id, each also with a "ref" attribute), with its ledger.
func rekeyedDest(t *testing.T, refs ...string) (*flow.Destination, *ledger.Ledger, *env) {
	t.Helper()
	dir := t.TempDir()
	var lines []string
	for i, ref := range refs {
		id := []string{`"R1"`, `"R2"`, `"R3"`}[i]
		lines = append(lines, strings.Replace(timeEntry(id, "n"+strings.Trim(id, `"`)), `{"id"`, `{"ref":`+ref+`,"id"`, 1))
	}
	writeNexset(t, dir, lines...)
	d, file := activityDestOn(t, dir, "records.jsonl")
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != len(refs) {
		t.Fatalf("first run %+v", s)
	}
	return d, l, e
}

func mustPlanD(t *testing.T, d *flow.Destination) *flow.Planner {
	t.Helper()
	p, err := d.Plan()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRekeyPairsAndRefuses: keys are renamed all at once (a swap too), a
// run refuses to start before, and Rekey refuses when a delivered record
// cannot be paired or two records would share a new key.
func TestRekeyPairsAndRefuses(t *testing.T) {
	// ref swaps the names R1 and R2: renaming one by one would collide.
	d, l, e := rekeyedDest(t, `"R2"`, `"R1"`, `"X3"`)
	before, _, _ := l.Get("R1")
	d.Nexset.Key = "ref"
	_, err := Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	var ie *IdentityChangedError
	if !errors.As(err, &ie) || !ie.KeyOnly || ie.Held[ledger.Delivered] != 3 {
		t.Fatalf("run after the key changed: %v", err)
	}
	rep, err := Rekey(context.Background(), d, mustPlanD(t, d), l, "")
	if err != nil || rep.Renamed != 3 {
		t.Fatalf("rekey: %+v %v", rep, err)
	}
	if after, _, _ := l.Get("R2"); after.ClioID != before.ClioID || after.Line != 1 {
		t.Fatalf("R1's record is not under R2: %+v (was %+v)", after, before)
	}
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Skipped != 3 || s.Delivered != 0 {
		t.Fatalf("run after rekey %+v", s)
	}

	// A delivered record whose new key another record shares.
	d, l, _ = rekeyedDest(t, `"A"`, `"A"`, `"B"`)
	d.Nexset.Key = "ref"
	if _, err := Rekey(context.Background(), d, mustPlanD(t, d), l, ""); err == nil || !strings.Contains(err.Error(), `new key "A"`) {
		t.Fatalf("shared new key: %v", err)
	}
	if _, ok, _ := l.Get("R1"); !ok {
		t.Fatal("a refused rekey changed the ledger")
	}

	// A delivered record without the new key attribute cannot be paired.
	d, l, _ = rekeyedDest(t, `"A"`, `null`, `"B"`)
	d.Nexset.Key = "ref"
	if _, err := Rekey(context.Background(), d, mustPlanD(t, d), l, ""); err == nil || !strings.Contains(err.Error(), "R2 (delivered, line 2)") {
		t.Fatalf("unpaired record: %v", err)
	}
}

// TestEndpointChangeRefused: the endpoint is identity too; rekey cannot help.
func TestEndpointChangeRefused(t *testing.T) {
	d, l, e := rekeyedDest(t, `"A"`)
	d.Endpoint = flow.Endpoint{Method: "POST", URL: "/api/v4/communications.json"}
	_, err := Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeDryRun})
	var ie *IdentityChangedError
	if !errors.As(err, &ie) || ie.KeyOnly || !strings.Contains(err.Error(), "the endpoint was POST activities, now POST communications") ||
		strings.Contains(err.Error(), "rekey") {
		t.Fatalf("endpoint change: %v", err)
	}
	if _, err := Rekey(context.Background(), d, mustPlanD(t, d), l, ""); err == nil || !strings.Contains(err.Error(), "endpoint changed") {
		t.Fatalf("rekey after an endpoint change: %v", err)
	}
}

// TestKeyAddedToAContentKeyedLedger: records delivered without nexset.key
// (content keys), then a key attribute set, on a ledger that does not
// remember its identity (an older cliodest's): its content keys show it,
// so the run is refused, and rekey pairs each content key with the record's
// attribute.
func TestKeyAddedToAContentKeyedLedger(t *testing.T) {
	dir := t.TempDir()
	writeNexset(t, dir, `{"ref":"A",`+timeEntry(`"R1"`, "R1")[1:], `{"ref":"B",`+timeEntry(`"R2"`, "R2")[1:])
	d, file := activityDestOn(t, dir, "records.jsonl")
	d.Nexset.Key = ""
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Delivered != 2 {
		t.Fatalf("content-keyed run %+v", s)
	}
	db, err := sql.Open("sqlite", l.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM meta WHERE key LIKE 'setting.%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	d.Nexset.Key = "ref"
	_, err = Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	var ie *IdentityChangedError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), `nexset.key was not set`) || !strings.Contains(err.Error(), `now "ref"`) {
		t.Fatalf("run after a key was set: %v", err)
	}
	rep, err := Rekey(context.Background(), d, mustPlanD(t, d), l, "")
	if err != nil || rep.Renamed != 2 {
		t.Fatalf("rekey %+v %v", rep, err)
	}
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 2 || s.Delivered != 0 {
		t.Fatalf("after rekey %+v", s)
	}
	if ent, ok, _ := l.Get("B"); !ok || ent.State != ledger.Delivered {
		t.Fatalf("B: %+v %v", ent, ok)
	}
}
