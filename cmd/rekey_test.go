package cmd

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestKeyEditedWhilePaused: issue 25's case. nexset.key is removed from a
// paused destination with 10 records delivered: validate reports it,
// activate refuses and sends nothing (the destination stays paused), rekey
// moves the ledger to content keys, and activate then sends nothing again.
func TestKeyEditedWhilePaused(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 10, nil)
	cmd := commandsOn(t, ds)
	cmd(exitOK, "activate", file)
	cmd(exitOK, "pause", file)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	d.Nexset.Key = ""
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"validate", file}, {"activate", file}, {"activate", "--dry-run", file}} {
		out := cmd(exitFailed, args...)
		for _, w := range []string{`nexset.key was "id", now not set`, "holds 10 record(s) under the old setting (10 delivered)",
			"restore nexset.key in " + file, "cliodest rekey " + file, "new id"} {
			if !strings.Contains(out, w) {
				t.Errorf("%v lacks %q:\n%s", args, w, out)
			}
		}
	}
	if n := ds.sb.Created("activities"); n != 10 {
		t.Fatalf("created %d objects, want the first run's 10", n)
	}
	if d, _ := flow.Load(file); d.Status != flow.StatusPaused {
		t.Errorf("a refused activate left the destination %s", d.Status)
	}

	if out := cmd(exitOK, "rekey", file); !strings.Contains(out, "10 record(s) re-keyed") {
		t.Fatalf("rekey: %s", out)
	}
	cmd(exitOK, "validate", file)
	cmd(exitOK, "activate", file)
	if n := ds.sb.Created("activities"); n != 10 {
		t.Fatalf("after rekey, created %d objects, want 10", n)
	}
	if out := cmd(exitOK, "rekey", file); !strings.Contains(out, "nothing to re-key") {
		t.Fatalf("second rekey: %s", out)
	}
}

// TestKeyEditedOnAnOldLedger: the same case on a ledger written before
// ledgers remembered the key: its keys show that an attribute was the key,
// so activate still refuses; rekey needs --from to name it.
func TestKeyEditedOnAnOldLedger(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 10, nil)
	cmd := commandsOn(t, ds)
	cmd(exitOK, "activate", file)
	db, err := sql.Open("sqlite", ledger.DefaultPath(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM meta WHERE key LIKE 'setting.%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	d, _ := flow.Load(file)
	d.Nexset.Key = ""
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	out := cmd(exitFailed, "activate", file)
	if !strings.Contains(out, `keys such as "R1"`) || !strings.Contains(out, "cliodest rekey --from ATTRIBUTE "+file) {
		t.Errorf("activate:\n%s", out)
	}
	if out := cmd(exitFailed, "rekey", file); !strings.Contains(out, "--from ATTRIBUTE") {
		t.Errorf("rekey without --from:\n%s", out)
	}
	if out := cmd(exitOK, "rekey", "--from", "id", file); !strings.Contains(out, "10 record(s) re-keyed") {
		t.Errorf("rekey --from id:\n%s", out)
	}
	cmd(exitOK, "activate", file)
	if n := ds.sb.Created("activities"); n != 10 {
		t.Fatalf("created %d objects, want 10", n)
	}
}

// commandsOn runs cliodest commands against the sandbox, each checked for
// its exit status; it returns what they printed.
func commandsOn(t *testing.T, ds *deliverSandbox) func(want int, args ...string) string {
	return func(want int, args ...string) string {
		t.Helper()
		tio := newTestFactory(t, ds.env(t))
		if code := run(tio.f, args); code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, tio.out, tio.errOut)
		}
		return tio.out.String() + tio.errOut.String()
	}
}
