package cmd

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/ledger/ledgertest"
)

// validate checks a destination against its ledger without writing to it:
// a ledger an earlier cliodest left (schema 7 here) keeps its bytes, and
// is not migrated, whether the identity check passes or finds the key
// changed.
func TestValidateLeavesAnOlderLedgerAsItIs(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 4, nil)
	cmd := commandsOn(t, ds)
	cmd(exitOK, "activate", file)
	lp := ledger.DefaultPath(file)
	ledgertest.Downgrade(t, lp)
	before, err := os.ReadFile(lp)
	if err != nil {
		t.Fatal(err)
	}
	unchanged := func(when string) {
		t.Helper()
		after, err := os.ReadFile(lp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s: validate changed the older ledger", when)
		}
		if _, err := os.Stat(lp + "-wal"); err == nil {
			t.Errorf("%s: validate left a write-ahead log by the ledger", when)
		}
	}
	cmd(exitOK, "validate", file)
	unchanged("a valid destination")

	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	d.Nexset.Key = "note"
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	tio := newTestFactory(t, ds.env(t))
	code := run(tio.f, []string{"validate", file})
	if out := tio.out.String() + tio.errOut.String(); code == exitOK || !strings.Contains(out, "nexset.key") {
		t.Errorf("validate after the key changed: exit %d\n%s", code, out)
	}
	unchanged("a changed key")
}
