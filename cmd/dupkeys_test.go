package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestDuplicateKeysReported: a key used twice is found by validate and
// activate --dry-run (which read the whole Nexset), neither record is sent
// by activate, and status --failed names both lines.
func TestDuplicateKeysReported(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 4, nil)
	nexset := filepath.Join(dir, "records.jsonl")
	data, err := os.ReadFile(nexset)
	if err != nil {
		t.Fatal(err)
	}
	dup := strings.Replace(strings.Split(string(data), "\n")[1], "record R2", "another R2", 1)
	if err := os.WriteFile(nexset, append(data, dup+"\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	const want = `key "R2" is used by lines 2 and 5`

	code, stdout, stderr := runCmd(t, nil, "validate", file)
	if code != exitFailed || !strings.Contains(stderr, want) {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, args := range [][]string{{"activate", "--dry-run", file}, {"activate", file}} {
		tio := newTestFactory(t, ds.env(t))
		run(tio.f, args)
		if !strings.Contains(tio.errOut.String()+tio.out.String(), want) {
			t.Errorf("%v does not report the duplicate:\n%s%s", args, tio.out, tio.errOut)
		}
	}
	perNote := ds.log.createsPerNote(t)
	if perNote["record R2"] != 0 || perNote["another R2"] != 0 || perNote["record R1"] != 1 || len(perNote) != 3 {
		t.Fatalf("creates %v", perNote)
	}
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	if out := tio.out.String(); !strings.Contains(out, "Duplicate keys (1):") || !strings.Contains(out, want) {
		t.Errorf("status --failed:\n%s", out)
	}
}
