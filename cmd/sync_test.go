package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestSyncCorrectAddDeleteThenStatus is issue 10's "done when" through the
// commands: correct one record, add one, delete one, activate again →
// Clio receives one PATCH and one create, and status --removed names the
// deleted record.
func TestSyncCorrectAddDeleteThenStatus(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 3, nil)
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != 0 {
		t.Fatalf("first activate exit %d", code)
	}
	data, err := os.ReadFile(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	edited := strings.Replace(lines[0], "record R1", "record R1, corrected", 1) + lines[2] +
		`{"id":"R4","date":"2024-03-04","hours":0.5,"note":"record R4","matter_id":3001}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(ds.log.entries(t))
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--json", file}); code != 0 {
		t.Fatalf("second activate exit %d: %s", code, tio.errOut)
	}
	var fin finishedJSON
	for _, l := range strings.Split(strings.TrimSpace(tio.out.String()), "\n") {
		if strings.Contains(l, `"event":"finished"`) {
			if err := json.Unmarshal([]byte(l), &fin); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fin.Changed != 1 || fin.Updated != 1 || fin.Delivered != 2 || fin.Skipped != 1 || fin.OnChange != "update" {
		t.Fatalf("finished %+v", fin)
	}
	var methods []string
	for _, e := range ds.log.entries(t)[before:] {
		if strings.HasPrefix(e.Path, "/api/v4/") {
			methods = append(methods, e.Method)
		}
	}
	if strings.Join(methods, ",") != "PATCH,POST" && strings.Join(methods, ",") != "POST,PATCH" {
		t.Fatalf("Clio received %v, want one PATCH and one POST", methods)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--removed", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	if out := tio.out.String(); !strings.Contains(out, "Removed (1)") || !strings.Contains(out, "R2") || strings.Contains(out, "R3") {
		t.Fatalf("status --removed:\n%s", out)
	}
	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--removed", "--json", file}); code != 0 {
		t.Fatalf("status --json exit %d: %s", code, tio.errOut)
	}
	var rep statusReport
	if err := json.Unmarshal([]byte(tio.out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Removed) != 1 || rep.Removed[0].Key != "R2" || rep.Removed[0].ClioID == 0 || rep.OnChange != "update" {
		t.Fatalf("status --json removed %+v on_change %q", rep.Removed, rep.OnChange)
	}
}

// TestActivateOnChangeFlag: --on-change skip leaves a changed record alone
// for this run (the file keeps its own rule); a bad value is a usage error.
func TestActivateOnChangeFlag(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 2, nil)
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != 0 {
		t.Fatalf("first activate exit %d", code)
	}
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", "--on-change", "upsert", file}); code != exitUsage {
		t.Fatalf("--on-change upsert: exit %d, want %d", code, exitUsage)
	}
	data, err := os.ReadFile(filepath.Join(dir, "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(strings.Replace(string(data), "record R1", "record R1, corrected", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(ds.log.entries(t))
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--on-change", "skip", file}); code != 0 {
		t.Fatalf("activate --on-change skip: exit %d: %s", code, tio.errOut)
	}
	if n := len(ds.log.entries(t)) - before; n != 0 {
		t.Fatalf("--on-change skip sent %d request(s)", n)
	}
	if out := tio.out.String() + tio.errOut.String(); !strings.Contains(out, "changed 1 (on_change skip: 0 updated, 1 skipped)") {
		t.Fatalf("summary lacks the changed record:\n%s", out)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "on_change") {
		t.Fatalf("--on-change was saved in the destination file:\n%s", raw)
	}
}
