package deliver

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// The fingerprint of a destination with custom fields holds their values
// by name (flow/sync CustomFingerprint): a record whose only change is a
// custom field value is changed, and its object updated.

var intakeKeys = []string{"IN-1", "IN-2", "IN-3"}

// intakeFixture delivers the intake contacts sample (three contacts, each
// with its Referral Source) and returns their Clio IDs by key.
func intakeFixture(t *testing.T) (*env, *flow.Destination, *ledger.Ledger, map[string]int64) {
	t.Helper()
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := copySample(t, "intake-contacts.yaml")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Created != 3 {
		t.Fatalf("first activation %+v", s)
	}
	ids := map[string]int64{}
	for _, k := range intakeKeys {
		ent, ok, err := l.Get(k)
		if err != nil || !ok || ent.ClioID == 0 || !strings.HasPrefix(ent.Fingerprint, "f2:") {
			t.Fatalf("ledger row %s: %+v %v %v", k, ent, ok, err)
		}
		ids[k] = ent.ClioID
	}
	return e, d, l, ids
}

// editIntake rewrites the Nexset: in the row of key ref, the cell from
// becomes to.
func editIntake(t *testing.T, d *flow.Destination, ref, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(d.NexsetPath())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	done := false
	for i, ln := range lines {
		if strings.HasPrefix(ln, ref+",") && strings.Contains(ln, ","+from+",") {
			lines[i], done = strings.Replace(ln, ","+from+",", ","+to+",", 1), true
		}
	}
	if !done {
		t.Fatalf("no row %s with %q", ref, from)
	}
	writeFile(t, d.Dir, d.Nexset.Path, strings.Join(lines, "\n"))
}

// intakeRecords reads the destination's Nexset.
func intakeRecords(t *testing.T, d *flow.Destination) []nexset.Record {
	t.Helper()
	r, err := nexset.Open(context.Background(), d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []nexset.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

// basesToday fails unless every record of d's Nexset is delivered with
// its fingerprint of today and the basis its content gives today, which
// the next run finds it unchanged by.
func basesToday(t *testing.T, l *ledger.Ledger, d *flow.Destination) {
	t.Helper()
	p, settings := mustPlanD(t, d), settingsOf(t, d)
	for _, rec := range intakeRecords(t, d) {
		it, f := p.Prepare(rec)
		if f != nil {
			t.Fatal(f)
		}
		ent, _, err := l.Get(it.Ref.Key)
		if err != nil || ent.State != ledger.Delivered || ent.Fingerprint != it.Print() || ent.Basis != flowsync.Basis(settings, it.Ref.Hash, it.Print()) {
			t.Fatalf("%s: %+v %v, want fingerprint %s and its basis", it.Ref.Key, ent, err, it.Print())
		}
	}
}

// onlyUpdates checks that reqs are the run's custom field listing, and for
// each contact of ids the read of its values and one PATCH sending want
// (a picklist option's ID) through the id of the value it held; nothing
// else.
func onlyUpdates(t *testing.T, e *env, reqs []sandbox.LogEntry, held map[int64]cfValue, want map[int64]string) {
	t.Helper()
	if len(reqs) != 1+2*len(held) {
		t.Fatalf("%d requests, want %d: %+v", len(reqs), 1+2*len(held), reqs)
	}
	patched := map[int64]bool{}
	for _, r := range reqs {
		switch {
		case r.Method == "GET" && strings.HasPrefix(r.Path, "/api/v4/custom_fields.json?"):
		case r.Method == "GET" && strings.Contains(r.Path, "fields=id%2Ccustom_field_values"):
		case r.Method == "PATCH":
			var id int64
			if _, err := fmt.Sscanf(r.Path, "/api/v4/contacts/%d.json", &id); err != nil {
				t.Fatalf("PATCH of %s", r.Path)
			}
			h, ok := held[id]
			if !ok || patched[id] {
				t.Fatalf("PATCH of contact %d, want one each of %v", id, held)
			}
			patched[id] = true
			var body struct {
				Data struct {
					Values []struct {
						ID    string `json:"id"`
						Value string `json:"value"`
					} `json:"custom_field_values"`
				} `json:"data"`
			}
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
			if v := body.Data.Values; len(v) != 1 || v[0].ID != h.ID || v[0].Value != want[id] {
				t.Fatalf("PATCH of contact %d sent values %+v, want %s through value id %s", id, v, want[id], h.ID)
			}
		default:
			t.Fatalf("request %s %s", r.Method, r.Path)
		}
	}
}

// optionIDs are the Referral Source option IDs the sandbox holds by name,
// as the bodies built for records send them.
func optionIDs(t *testing.T, d *flow.Destination, e *env) map[string]string {
	t.Helper()
	p := mustPlanD(t, d).WithClientLookups(context.Background(), e.client)
	out := map[string]string{}
	for _, rec := range intakeRecords(t, d) {
		c, err := p.TestCall(rec)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Data struct {
				Values []struct{ Value string } `json:"custom_field_values"`
			} `json:"data"`
		}
		if err := json.Unmarshal(c.Body, &body); err != nil || len(body.Data.Values) != 1 {
			t.Fatalf("body %s: %v", c.Body, err)
		}
		out[rec.Fields["referral_source"].(string)] = body.Data.Values[0].Value
	}
	return out
}

// TestCustomFieldValueAloneChanges: IN-1's Referral Source changes in the
// Nexset, and nothing else of what is sent (IN-3's case type, which
// no body holds, changes too). The re-activation sends exactly one PATCH,
// of IN-1's contact, with the new option through the id of the value it
// held; IN-3 is unchanged. A run after it sends nothing, and every row has
// the basis of its fingerprint, so the next finds them quickly.
func TestCustomFieldValueAloneChanges(t *testing.T) {
	e, d, l, ids := intakeFixture(t)
	held := referralValues(t, e, ids["IN-1"])
	if len(held) != 1 || held[0].Value != "Website" {
		t.Fatalf("IN-1's Referral Source: %+v", held)
	}
	editIntake(t, d, "IN-1", "Website", "Advertisement")
	editIntake(t, d, "IN-3", "Family", "Family law")
	opts := optionIDs(t, d, e)
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 1 || s.Updated != 1 || s.Skipped != 2 || s.Failed != 0 || s.Created != 0 {
		t.Fatalf("re-activation %+v", s)
	}
	onlyUpdates(t, e, apiSince(t, e, before), map[int64]cfValue{ids["IN-1"]: held[0]}, map[int64]string{ids["IN-1"]: opts["Advertisement"]})
	if after := referralValues(t, e, ids["IN-1"]); len(after) != 1 || after[0].Value != "Advertisement" || after[0].ID != held[0].ID {
		t.Fatalf("IN-1's Referral Source after the update: %+v", after)
	}
	basesToday(t, l, d)

	before = len(e.log.entries(t))
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 3 || s.Changed != 0 || s.Requests != 0 {
		t.Fatalf("unchanged re-run %+v", s)
	}
	if reqs := apiSince(t, e, before); len(reqs) != 0 {
		t.Fatalf("unchanged re-run sent %+v", reqs)
	}
}

// oldPrints rewrites the ledger as a build before custom fields were
// fingerprinted left it: each delivered row holds the fingerprint of its
// record's data object alone ("f:"), with a basis made under that build's
// settings (which no run today makes).
func oldPrints(t *testing.T, l *ledger.Ledger, d *flow.Destination) *ledger.Ledger {
	t.Helper()
	p := mustPlanD(t, d)
	old := map[string]string{}
	for _, rec := range intakeRecords(t, d) {
		it, f := p.Prepare(rec)
		if f != nil {
			t.Fatal(f)
		}
		old[it.Ref.Key] = flowsync.Fingerprint(it.Data)
	}
	return rewriteRows(t, l, d, func(db *sql.DB) {
		for k, print := range old {
			if _, err := db.Exec(`UPDATE records SET fingerprint = ?, basis = 42 WHERE key = ? AND state = 'delivered'`, print, k); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestCustomFieldOldPrints: after the upgrade, a ledger whose rows hold
// the old style of fingerprint, of records unchanged since, sends nothing:
// each row is compared the old way (its data object, then its content),
// and gets today's fingerprint and its basis, so the next run is quick and
// a later change of a custom field value alone is told.
func TestCustomFieldOldPrints(t *testing.T) {
	e, d, l, ids := intakeFixture(t)
	l = oldPrints(t, l, d)
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Skipped != 3 || s.Changed != 0 || s.Requests != 0 {
		t.Fatalf("run over old prints %+v", s)
	}
	if reqs := apiSince(t, e, before); len(reqs) != 0 {
		t.Fatalf("run over old prints sent %+v", reqs)
	}
	for _, k := range intakeKeys {
		if ent, _, _ := l.Get(k); !strings.HasPrefix(ent.Fingerprint, "f2:") {
			t.Fatalf("%s kept its old print: %+v", k, ent)
		}
	}
	basesToday(t, l, d)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Skipped != 3 || s.Requests != 0 {
		t.Fatalf("next run %+v", s)
	}

	held := referralValues(t, e, ids["IN-2"])
	editIntake(t, d, "IN-2", "Referral", "Other")
	opts := optionIDs(t, d, e)
	before = len(e.log.entries(t))
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 1 || s.Updated != 1 || s.Skipped != 2 {
		t.Fatalf("custom field changed after the upgrade %+v", s)
	}
	onlyUpdates(t, e, apiSince(t, e, before), map[int64]cfValue{ids["IN-2"]: held[0]}, map[int64]string{ids["IN-2"]: opts["Other"]})
}

// TestCustomFieldOldPrintsChanged: a row holding the old style of
// fingerprint whose record's content changed since it was sent cannot
// tell a custom field value from what no body holds: IN-2's Referral
// Source (changed while the fingerprint missed it) and IN-3's case
// summary both update their contact, with the values the records give;
// IN-1, unchanged, sends nothing.
func TestCustomFieldOldPrintsChanged(t *testing.T) {
	e, d, l, ids := intakeFixture(t)
	l = oldPrints(t, l, d)
	held2, held3 := referralValues(t, e, ids["IN-2"]), referralValues(t, e, ids["IN-3"])
	editIntake(t, d, "IN-2", "Referral", "Other")
	editIntake(t, d, "IN-3", "Family", "Family law")
	opts := optionIDs(t, d, e)
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Changed != 2 || s.Updated != 2 || s.Skipped != 1 {
		t.Fatalf("run over old prints %+v", s)
	}
	onlyUpdates(t, e, apiSince(t, e, before),
		map[int64]cfValue{ids["IN-2"]: held2[0], ids["IN-3"]: held3[0]},
		map[int64]string{ids["IN-2"]: opts["Other"], ids["IN-3"]: opts["Advertisement"]})
	if got := referralValues(t, e, ids["IN-2"]); len(got) != 1 || got[0].Value != "Other" || got[0].ID != held2[0].ID {
		t.Fatalf("IN-2's Referral Source %+v", got)
	}
}

// TestCustomFieldTestSends: a test send of IN-1 as built is its delivery,
// which activation skips; a test send of IN-2 whose body was edited to
// another Referral Source is its delivery too, and activation updates the
// contact to the record's value through the id of the value the test made.
// IN-3 is created; nothing else is sent.
func TestCustomFieldTestSends(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := copySample(t, "intake-contacts.yaml")
	l := openLedger(t, d, file)
	p := mustPlanD(t, d)
	opts := optionIDs(t, d, e)
	recs := intakeRecords(t, d)
	send := func(rec nexset.Record, edit func(body []byte) []byte) TestSent {
		t.Helper()
		c, err := p.WithClientLookups(context.Background(), e.client).TestCall(rec)
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			c = p.WithBody(c, edit(c.Body))
		}
		resp, err := e.client.Do(context.Background(), c.Request())
		if err != nil {
			t.Fatal(err)
		}
		sent, err := RecordTestSend(l, p, rec, flow.TestResult{Call: c, Status: resp.Status, Body: resp.Body}, edit != nil)
		if err != nil || !sent.Recorded {
			t.Fatalf("test send of record %d: %+v %v", rec.Pos, sent, err)
		}
		return sent
	}
	if t1 := send(recs[0], nil); t1.Edited {
		t.Fatalf("IN-1 sent as built is taken as edited: %+v", t1)
	}
	t2 := send(recs[1], func(body []byte) []byte {
		return []byte(strings.Replace(string(body), `"value":"`+opts["Referral"]+`"`, `"value":"`+opts["Advertisement"]+`"`, 1))
	})
	if !t2.Edited {
		t.Fatalf("IN-2's edited body is taken as the record's: %+v", t2)
	}
	held := referralValues(t, e, t2.ClioID)
	if len(held) != 1 || held[0].Value != "Advertisement" {
		t.Fatalf("IN-2's Referral Source as the test sent it: %+v", held)
	}

	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Created != 1 || s.Updated != 1 || s.Changed != 1 || s.Skipped != 1 || s.Failed != 0 {
		t.Fatalf("activation after the test sends %+v", s)
	}
	var reqs []sandbox.LogEntry
	posts := 0
	for _, r := range apiSince(t, e, before) {
		if r.Method == "POST" && r.Path == "/api/v4/contacts.json" {
			posts++
			continue
		}
		reqs = append(reqs, r)
	}
	if posts != 1 || e.sb.Created("contacts") != 3 {
		t.Fatalf("%d creates in the activation, %d contacts in all: want 1 and 3", posts, e.sb.Created("contacts"))
	}
	onlyUpdates(t, e, reqs, map[int64]cfValue{t2.ClioID: held[0]}, map[int64]string{t2.ClioID: opts["Referral"]})
	if got := referralValues(t, e, t2.ClioID); len(got) != 1 || got[0].Value != "Referral" || got[0].ID != held[0].ID {
		t.Fatalf("IN-2's Referral Source after activation: %+v", got)
	}
}

// TestCustomFieldOldPrintsRenamedKey: a key renamed in the Nexset (IN-3 →
// IN-3x) over a ledger of old-style fingerprints is still told by its body
// (the old style of its fingerprint): the record fails naming IN-3's
// contact, and no second contact is created.
func TestCustomFieldOldPrintsRenamedKey(t *testing.T) {
	e, d, l, ids := intakeFixture(t)
	l = oldPrints(t, l, d)
	raw, err := os.ReadFile(d.NexsetPath())
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, d.Dir, d.Nexset.Path, strings.Replace(string(raw), "\nIN-3,", "\nIN-3x,", 1))
	before := len(e.log.entries(t))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Failed != 1 || s.Created != 0 || s.Skipped != 2 || len(apiSince(t, e, before)) != 0 {
		t.Fatalf("run with IN-3 renamed %+v", s)
	}
	ent, _, _ := l.Get("IN-3x")
	if ent.State != ledger.Failed || !strings.Contains(ent.ErrMessage, fmt.Sprintf(`under key "IN-3" (Clio object %d)`, ids["IN-3"])) {
		t.Fatalf("IN-3x: %+v", ent)
	}
}
