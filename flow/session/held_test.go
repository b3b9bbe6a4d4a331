package session

import (
	"context"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/ledger/ledgertest"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Held names the records a test send cannot take over (delivered, in
// doubt) and not the others (failed, or no ledger at all), reading the
// ledger without changing it.
func TestHeld(t *testing.T) {
	file := writeActivities(t, t.TempDir(), 5)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.Plan()
	if err != nil {
		t.Fatal(err)
	}
	r, err := nexset.Open(context.Background(), d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []nexset.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	if _, ok := Held(d, file, p, recs[0]); ok {
		t.Error("held before any ledger")
	}
	if _, err := os.Stat(ledger.DefaultPath(file)); !os.IsNotExist(err) {
		t.Errorf("Held made a ledger: %v", err)
	}
	writeStatusLedger(t, file) // R1 delivered, R2 failed, R3 an edit conflict, R4 and R5 in doubt
	before := readFile(t, ledger.DefaultPath(file))
	for i, want := range []bool{true, false, false, true, true} {
		e, ok := Held(d, file, p, recs[i])
		if ok != want || ok && e.Pos != i+1 {
			t.Errorf("record %d: held %v (%+v), want %v", i+1, ok, e, want)
		}
	}
	if e, _ := Held(d, file, p, recs[0]); e.ClioID != 11 || e.State != ledger.Delivered {
		t.Errorf("R1: %+v", e)
	}
	if string(before) != string(readFile(t, ledger.DefaultPath(file))) {
		t.Error("Held changed the ledger")
	}
	// A ledger an earlier cliodest wrote is read as status reads it.
	ledgertest.Downgrade(t, ledger.DefaultPath(file))
	old := readFile(t, ledger.DefaultPath(file))
	if e, ok := Held(d, file, p, recs[0]); !ok || e.ClioID != 11 {
		t.Errorf("R1 in an older ledger: held %v (%+v)", ok, e)
	}
	if string(old) != string(readFile(t, ledger.DefaultPath(file))) {
		t.Error("Held changed the older ledger")
	}
}
