package cmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestSymlinkedDestinationSharesItsLedger: activating a link to a delivered
// destination sends nothing again (one ledger, named after the real file),
// and pausing through the link keeps the link a link.
func TestSymlinkedDestinationSharesItsLedger(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 12, nil)
	env := ds.env(t)
	if code, _, stderr := runCmd(t, env, "activate", file); code != 0 {
		t.Fatalf("activate: %d %s", code, stderr)
	}
	link := filepath.Join(t.TempDir(), "current.yaml")
	if err := os.Symlink(file, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if code, _, stderr := runCmd(t, env, "activate", link); code != 0 {
		t.Fatalf("activate through the link: %d %s", code, stderr)
	}
	for note, n := range ds.log.createsPerNote(t) {
		if n != 1 {
			t.Errorf("%s created %d times", note, n)
		}
	}
	if len(ds.log.createsPerNote(t)) != 12 {
		t.Errorf("created %d distinct records, want 12", len(ds.log.createsPerNote(t)))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(link), "current.ledger.db")); err == nil {
		t.Error("a ledger was named after the link")
	}
	if code, _, stderr := runCmd(t, env, "pause", link); code != 0 {
		t.Fatalf("pause: %d %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("pause replaced the link with a file: %v %v", fi.Mode(), err)
	}
}
