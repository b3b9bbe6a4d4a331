package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// activityLine is one record of writeActivities' Nexset.
func activityLine(id, note string) string {
	return fmt.Sprintf(`{"id":%q,"date":"2024-03-04","hours":0.5,"note":%q,"matter_id":3001}`+"\n", id, note)
}

// TestIssue10DoneWhen is issue 10's "done when" through the commands, in
// one sandbox: correct one record, add one, delete one, and activate again
// → Clio receives exactly one PATCH of the first record's object and one
// create, and nothing else; status names the removed record. A record
// test-sent and then activated exists once. Without a key, an edited
// record is updated, not duplicated. on_remove delete needs --yes.
func TestIssue10DoneWhen(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 3, nil)
	env := ds.env(t)
	if code, _, errOut := runCmd(t, env, "activate", file); code != 0 {
		t.Fatalf("first activate: exit %d: %s", code, errOut)
	}
	r1, _ := ledgerRow(t, file, "R1")
	nexsetFile := filepath.Join(dir, "records.jsonl")
	// Correct R1, delete R2, add R4 and R5; R5 is test-sent first.
	if err := os.WriteFile(nexsetFile, []byte(activityLine("R1", "record R1, corrected")+activityLine("R3", "record R3")+
		activityLine("R4", "record R4")+activityLine("R5", "record R5")), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd(t, env, "test", "--record", "4", file); code != 0 || !strings.Contains(out, "Status: 201") {
		t.Fatalf("test R5: exit %d\n%s%s", code, out, errOut)
	}
	before := len(ds.log.entries(t))
	code, out, errOut := runCmd(t, env, "activate", file)
	if code != 0 || !strings.Contains(out, "changed 1 (on_change update: 1 updated, 0 skipped)") || !strings.Contains(out, "removed 1 (on_remove keep") {
		t.Fatalf("activate: exit %d\n%s%s", code, out, errOut)
	}
	calls := ds.apiCalls(t, before)
	sort.Strings(calls)
	if want := []string{fmt.Sprintf("PATCH /api/v4/activities/%d.json", r1.ClioID), "POST /api/v4/activities.json"}; strings.Join(calls, "|") != strings.Join(want, "|") {
		t.Fatalf("Clio received %v, want %v", calls, want)
	}
	if note, _ := ds.objectNote(t, r1.ClioID); !strings.Contains(note, "record R1, corrected") {
		t.Fatalf("R1's object: %s", note)
	}
	if got := ds.log.createsPerNote(t); got["record R5"] != 1 || got["record R4"] != 1 || got["record R1, corrected"] != 0 {
		t.Fatalf("creates per note %v", got)
	}
	if code, out, _ := runCmd(t, env, "status", "--removed", file); code != 0 || !strings.Contains(out, "Removed (1)") || !strings.Contains(out, "R2") {
		t.Fatalf("status --removed: exit %d\n%s", code, out)
	}

	// on_remove delete: refused without --yes (nothing sent), done with it.
	before = len(ds.log.entries(t))
	if code, _, errOut := runCmd(t, env, "activate", "--on-remove", "delete", file); code != exitUsage || !strings.Contains(errOut, "--yes") || len(ds.apiCalls(t, before)) != 0 {
		t.Fatalf("--on-remove delete without --yes: exit %d: %s", code, errOut)
	}
	r2, _ := ledgerRow(t, file, "R2")
	code, out, errOut = runCmd(t, env, "activate", "--on-remove", "delete", "--yes", "--json", file)
	if code != 0 || !strings.Contains(out, `"removed":1,"deleted":1,"delete_failed":0,"on_remove":"delete"`) {
		t.Fatalf("--on-remove delete --yes: exit %d\n%s%s", code, out, errOut)
	}
	if calls := ds.apiCalls(t, before); len(calls) != 1 || calls[0] != fmt.Sprintf("DELETE /api/v4/activities/%d.json", r2.ClioID) {
		t.Fatalf("Clio received %v", calls)
	}
	if raw, _ := os.ReadFile(file); strings.Contains(string(raw), "on_remove") {
		t.Fatalf("--on-remove was saved in the destination file:\n%s", raw)
	}

	// Without a key: an edited record is updated, not created again.
	dir2 := t.TempDir()
	file2 := writeActivities(t, dir2, 3, nil)
	d, err := flow.Load(file2)
	if err != nil {
		t.Fatal(err)
	}
	d.Nexset.Key = ""
	if err := flow.Save(file2, d); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, env, "activate", file2); code != 0 {
		t.Fatalf("keyless activate: exit %d: %s", code, errOut)
	}
	raw, err := os.ReadFile(filepath.Join(dir2, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir2, "records.jsonl"), []byte(strings.Replace(string(raw), "record R2", "record R2, edited", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	before = len(ds.log.entries(t))
	if code, _, errOut := runCmd(t, env, "activate", file2); code != 0 {
		t.Fatalf("keyless re-activate: exit %d: %s", code, errOut)
	}
	if calls := ds.apiCalls(t, before); len(calls) != 1 || !strings.HasPrefix(calls[0], "PATCH /api/v4/activities/") {
		t.Fatalf("keyless edit: Clio received %v, want one PATCH", calls)
	}
}
