package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestConflictThroughCommands: a record changed in the Nexset whose object
// staff edited in Clio is an edit conflict: activate --json reports it
// (record_conflict, conflicts in finished), status and status --conflicts
// list it with what differs, and retry --overwrite-conflicts sends it.
func TestConflictThroughCommands(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 2, nil)
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != 0 {
		t.Fatalf("first activate exit %d", code)
	}
	rows, err := os.ReadFile(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var id int64 // R1's object, as the sandbox logged its create
	for _, e := range ds.log.entries(t) {
		if e.Method == "POST" && strings.Contains(string(e.Body), `"record R1"`) {
			id = e.ID
		}
	}
	if _, err := ds.sb.EditInClio("activities", id, map[string]any{"note": "staff's note"}); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(rows), "record R1", "record R1, corrected", 1)
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--json", file}); code != exitFailed || !strings.Contains(tio.errOut.String(), "1 edit conflict(s) keep Clio's values: see cliodest status --conflicts") {
		t.Fatalf("activate with a conflict: exit %d: %s", code, tio.errOut)
	}
	var conflict recordConflictJSON
	var fin finishedJSON
	for _, line := range strings.Split(strings.TrimSpace(tio.out.String()), "\n") {
		switch {
		case strings.Contains(line, `"event":"record_conflict"`):
			json.Unmarshal([]byte(line), &conflict)
		case strings.Contains(line, `"event":"finished"`):
			json.Unmarshal([]byte(line), &fin)
		}
	}
	if conflict.Key != "R1" || conflict.ClioID != id || strings.Join(conflict.Differs, ",") != "note" || conflict.Action != "kept" {
		t.Fatalf("record_conflict %+v\n%s", conflict, tio.out)
	}
	if fin.Conflicts != 1 || fin.Failed != 1 {
		t.Fatalf("finished %+v", fin)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--conflicts", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	out := tio.out.String()
	for _, want := range []string{"Edit conflicts: 1 of the failed records", "Edit conflicts (1)", "R1", "differs from this record: note", "retry --overwrite-conflicts"} {
		if !strings.Contains(out, want) {
			t.Fatalf("status --conflicts lacks %q:\n%s", want, out)
		}
	}
	tio = newTestFactory(t, ds.env(t))
	run(tio.f, []string{"status", "--conflicts", "--json", file})
	var rep statusReport
	if err := json.Unmarshal([]byte(tio.out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Conflicts != 1 || rep.OnConflict != "skip" || len(rep.EditConflicts) != 1 || rep.EditConflicts[0].ClioID != id {
		t.Fatalf("status --json %+v", rep)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"retry", "--overwrite-conflicts", file}); code != 0 {
		t.Fatalf("retry exit %d: %s%s", code, tio.out, tio.errOut)
	}
	if !strings.Contains(tio.out.String(), "1 overwritten over a change in Clio") {
		t.Fatalf("retry summary:\n%s", tio.out)
	}
	tio = newTestFactory(t, ds.env(t))
	run(tio.f, []string{"status", "--json", file})
	rep = statusReport{}
	if err := json.Unmarshal([]byte(tio.out.String()), &rep); err != nil || rep.Conflicts != 0 || rep.Counts[ledger.Failed] != 0 {
		t.Fatalf("status after the overwrite %+v %v", rep, err)
	}
}

// TestOnConflictFlagRefused: a value that is not one is a usage error naming the choices.
func TestOnConflictFlagRefused(t *testing.T) {
	tio := newTestFactory(t, nil)
	if code := run(tio.f, []string{"activate", "--on-conflict", "merge", "x.yaml"}); code != 2 || !strings.Contains(tio.errOut.String(), "skip or overwrite") {
		t.Fatalf("exit %d: %s", code, tio.errOut)
	}
}

// TestTestSendKeepsETag: the object a test send created carries its etag
// in the ledger, so the activation that updates it after staff edited it
// meets 412 and keeps the staff's change as a conflict.
func TestTestSendKeepsETag(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 1, nil)
	if code, out, errOut := runCmd(t, ds.env(t), "test", "--record", "1", file); code != 0 {
		t.Fatalf("test: exit %d\n%s%s", code, out, errOut)
	}
	r1, ok := ledgerRow(t, file, "R1")
	if !ok || r1.ETag == "" || r1.ETag != ds.sb.ETag("activities", r1.ClioID) {
		t.Fatalf("R1 after its test: %+v, Clio's etag %q", r1, ds.sb.ETag("activities", r1.ClioID))
	}
	if _, err := ds.sb.EditInClio("activities", r1.ClioID, map[string]any{"note": "staff's note"}); err != nil {
		t.Fatal(err)
	}
	rows, err := os.ReadFile(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(strings.Replace(string(rows), "record R1", "record R1, corrected", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tio := newTestFactory(t, ds.env(t))
	run(tio.f, []string{"activate", file})
	if note, _ := ds.objectNote(t, r1.ClioID); !strings.Contains(note, "staff's note") {
		t.Fatalf("R1's object after activation: %s\n%s%s", note, tio.out, tio.errOut)
	}
	if r, _ := ledgerRow(t, file, "R1"); !r.IsConflict() {
		t.Fatalf("R1 after activation: %+v", r)
	}
}
