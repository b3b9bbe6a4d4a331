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
