package destindex

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/ledger"
)

// OpenLedger records where an id is delivered from, refuses the same id
// with another existing ledger (naming both) before creating it, lets it
// through once that ledger is gone, and the zero Index checks nothing.
func TestOpenLedgerRefusesACopy(t *testing.T) {
	dir, cfg := t.TempDir(), t.TempDir()
	idx := Open(cfg)
	dest := ledger.Identity{ID: "dest-1", Name: "Time"}
	first := Run{Dest: dest, File: filepath.Join(dir, "d.yaml"), Ledger: filepath.Join(dir, "d.ledger.db"), Host: "https://app.clio.com", Now: time.Unix(1e9, 0)}
	l, warn, err := idx.OpenLedger(first)
	if err != nil || warn != nil {
		t.Fatal(err, warn)
	}
	l.Close()
	if e, ok, err := idx.Get("dest-1"); err != nil || !ok || e.Ledger != first.Ledger || e.Host != first.Host || !e.LastRun.Equal(first.Now) {
		t.Fatalf("entry %+v %v %v", e, ok, err)
	}
	cp := first
	cp.File, cp.Ledger = filepath.Join(dir, "copy.yaml"), filepath.Join(dir, "copy.ledger.db")
	for _, dry := range []bool{true, false} {
		cp.Dry = dry
		_, _, err := idx.OpenLedger(cp)
		var ee *ElsewhereError
		if !errors.As(err, &ee) || !strings.Contains(err.Error(), first.Ledger) || !strings.Contains(err.Error(), first.File) {
			t.Fatalf("copy (dry %v): %v", dry, err)
		}
	}
	if _, err := os.Stat(cp.Ledger); err == nil {
		t.Fatal("the refused copy's ledger was created")
	}
	if l, _, err := Open("").OpenLedger(cp); err != nil {
		t.Fatalf("the zero index refused: %v", err)
	} else {
		l.Close()
		os.Remove(cp.Ledger)
	}
	if err := os.Remove(first.Ledger); err != nil {
		t.Fatal(err)
	}
	cp.Dry = false
	l, _, err = idx.OpenLedger(cp)
	if err != nil {
		t.Fatalf("with the first ledger gone: %v", err)
	}
	l.Close()
	if e, _, _ := idx.Get("dest-1"); e.Ledger != cp.Ledger {
		t.Errorf("the index still names %s", e.Ledger)
	}
}

// The refusal's advice for a destination file that moved is true: its old
// ledger by --ledger is accepted, a copy of that ledger where the moved file
// looks for it is refused (and the message says so), and the ledger moved
// there is accepted.
func TestMovedDestinationAdviceWorks(t *testing.T) {
	oldDir, newDir, cfg := t.TempDir(), t.TempDir(), t.TempDir()
	idx := Open(cfg)
	dest := ledger.Identity{ID: "dest-2", Name: "Time"}
	old := Run{Dest: dest, File: filepath.Join(oldDir, "d.yaml"), Ledger: filepath.Join(oldDir, "d.ledger.db"), Now: time.Unix(1e9, 0)}
	l, _, err := idx.OpenLedger(old)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	moved := old
	moved.File, moved.Ledger = filepath.Join(newDir, "d.yaml"), filepath.Join(newDir, "d.ledger.db")

	withOld := moved
	withOld.Ledger, withOld.Dry = old.Ledger, true
	if l, _, err := idx.OpenLedger(withOld); err != nil {
		t.Fatalf("--ledger with the old ledger: %v", err)
	} else {
		l.Close()
	}

	b, err := os.ReadFile(old.Ledger)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(moved.Ledger, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = idx.OpenLedger(moved)
	if err == nil {
		t.Fatal("a copy of the ledger was accepted while the original exists")
	}
	if msg := err.Error(); !strings.Contains(msg, "not a copy") || !strings.Contains(msg, "move that ledger") || !strings.Contains(msg, moved.Ledger) {
		t.Fatalf("the refusal does not say a copy is refused and where to move the ledger: %s", msg)
	}

	if err := os.Rename(old.Ledger, moved.Ledger); err != nil {
		t.Fatal(err)
	}
	l, _, err = idx.OpenLedger(moved)
	if err != nil {
		t.Fatalf("the moved ledger, as the refusal advises: %v", err)
	}
	l.Close()
}
