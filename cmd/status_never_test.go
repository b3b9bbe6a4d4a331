package cmd

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/ledger"
)

// status --json of a destination never activated counts 0 in every state
// (not "counts": null), and the whole Nexset as not delivered.
func TestStatusJSONNeverActivated(t *testing.T) {
	const n = 4
	file := writeActivities(t, t.TempDir(), n, nil)
	code, out, stderr := runCmd(t, nil, "status", "--json", file)
	if code != 0 || strings.Contains(out, `"counts":null`) {
		t.Fatalf("exit %d:\n%s%s", code, out, stderr)
	}
	rep := statusJSON(t, nil, file)
	if len(rep.Counts) != len(ledger.AllStates()) {
		t.Errorf("counts = %v, want all %d states", rep.Counts, len(ledger.AllStates()))
	}
	for _, s := range ledger.AllStates() {
		if c, ok := rep.Counts[s]; !ok || c != 0 {
			t.Errorf("counts[%s] = %d, %v; want 0", s, c, ok)
		}
	}
	if rep.NexsetRecords == nil || *rep.NexsetRecords != n || rep.NotDelivered == nil || *rep.NotDelivered != n || rep.LastRun != nil {
		t.Errorf("report = %+v, want %d records, all not delivered, no last run", rep, n)
	}
}
