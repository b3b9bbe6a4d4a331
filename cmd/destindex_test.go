package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestCopiedDestinationSendsNothingUntilChosen: after d.yaml delivered its
// records, a cp of it (same id) and the same file moved to another folder
// without its ledger are refused before anything is sent, naming the other
// file and ledger; --ledger with that ledger (the same destination, moved)
// sends nothing twice; new --from makes a copy with a new id that delivers
// on its own.
func TestCopiedDestinationSendsNothingUntilChosen(t *testing.T) {
	const n = 10
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dir := t.TempDir()
	file := writeActivities(t, dir, n, nil)
	if code, _, errOut := runCmd(t, env, "activate", file); code != 0 {
		t.Fatalf("activate: %d %s", code, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "copy.yaml")
	movedDir := t.TempDir()
	moved := filepath.Join(movedDir, "activities.yaml")
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	movedData := []byte(strings.Replace(string(data), "records.jsonl", filepath.Join(dir, "records.jsonl"), 1))
	if err := os.WriteFile(moved, movedData, 0o600); err != nil {
		t.Fatal(err)
	}
	for f, before := range map[string][]byte{copied: data, moved: movedData} {
		for _, args := range [][]string{{"activate", f}, {"activate", "--dry-run", f}} {
			code, _, errOut := runCmd(t, env, args...)
			if code != exitFailed {
				t.Errorf("%v: exit %d, want %d\n%s", args, code, exitFailed, errOut)
			}
			for _, want := range []string{ledger.DefaultPath(file), file, "--ledger", "cliodest new --from"} {
				if !strings.Contains(errOut, want) {
					t.Errorf("%v: the refusal does not name %q:\n%s", args, want, errOut)
				}
			}
		}
		if _, err := os.Stat(ledger.DefaultPath(f)); err == nil {
			t.Errorf("a ledger was created for %s", f)
		}
		if now, err := os.ReadFile(f); err != nil || string(now) != string(before) {
			t.Errorf("%s was changed by the refused activation: %v", f, err)
		}
	}
	if got := len(ds.log.createsPerNote(t)); got != n {
		t.Fatalf("after the refusals Clio holds %d records, want %d", got, n)
	}

	// The same destination, moved: its own ledger, named.
	if code, _, errOut := runCmd(t, env, "activate", "--ledger", ledger.DefaultPath(file), moved); code != 0 {
		t.Fatalf("activate --ledger: %d %s", code, errOut)
	}
	// A deliberate copy: a new id, its own ledger, its own deliveries.
	fresh := filepath.Join(dir, "fresh.yaml")
	code, out, errOut := runCmd(t, env, "new", "--from", file, "-o", fresh, "--name", "Copy")
	if code != 0 || !strings.Contains(out, "new id") {
		t.Fatalf("new --from: %d %s %s", code, out, errOut)
	}
	orig, _ := flow.Load(file)
	cp, err := flow.Load(fresh)
	if err != nil || cp.ID == orig.ID || cp.Status != flow.StatusPaused || cp.Name != "Copy" || cp.NexsetPath() != orig.NexsetPath() {
		t.Fatalf("the copy: %+v %v", cp, err)
	}
	if code, _, errOut := runCmd(t, env, "activate", fresh); code != 0 {
		t.Fatalf("activate the copy: %d %s", code, errOut)
	}
	for note, c := range ds.log.createsPerNote(t) {
		if c != 2 {
			t.Errorf("%s created %d times, want 2 (the original and the deliberate copy)", note, c)
		}
	}
	if code, _, errOut := runCmd(t, env, "new", "--from", file, "-o", filepath.Join(dir, "x.yaml"), "--template", "create_task"); code != exitUsage {
		t.Errorf("new --from with --template: exit %d %s", code, errOut)
	}
}
