package deliver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestLedgerKeepsNexsetLines: in a CSV with a header and a two-line cell,
// position and line differ; the ledger stores the line of records sent
// (MarkInFlight), refused by Clio, and failed before sending (Reject).
func TestLedgerKeepsNexsetLines(t *testing.T) {
	dir := t.TempDir()
	csv := "id,date,hours,note,matter_id\n" +
		"R1,2024-03-04,1.5,\"two\nlines\",3001\n" + // line 2–3
		"R2,2024-03-04,1.5,refused,999999\n" + // line 4: no such matter
		"R3,not a date,1.5,bad,3001\n" + // line 5: fails before any request
		"R4,2024-03-05,2,fine,3001\n" // line 6
	if err := os.WriteFile(filepath.Join(dir, "records.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	d, file := activityDestOn(t, dir, "records.csv")

	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered != 2 || s.Failed != 2 {
		t.Fatalf("summary %+v", s)
	}
	want := map[string]struct {
		pos, line int
		state     ledger.State
	}{
		"R1": {1, 2, ledger.Delivered},
		"R2": {2, 4, ledger.Failed},
		"R3": {3, 5, ledger.Failed},
		"R4": {4, 6, ledger.Delivered},
	}
	got, err := l.States([]string{"R1", "R2", "R3", "R4"})
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		g := got[k]
		if g.Pos != w.pos || g.Line != w.line || g.State != w.state {
			t.Errorf("%s = pos %d line %d %s, want pos %d line %d %s", k, g.Pos, g.Line, g.State, w.pos, w.line, w.state)
		}
	}
	if got["R2"].HTTPStatus != 422 || got["R3"].Attempts != 0 {
		t.Errorf("R2 should be Clio's refusal, R3 a rejection before sending: %+v / %+v", got["R2"], got["R3"])
	}
}
