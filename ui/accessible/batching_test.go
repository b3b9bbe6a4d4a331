package accessible_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestBatchingOnAOneObjectEndpointNeedsAYes: on POST /api/v4/activities.json,
// which Clio describes as taking one object per call, batching says why every
// batch would be refused and asks; no keeps one record per call, yes saves
// batching.anyway.
func TestBatchingOnAOneObjectEndpointNeedsAYes(t *testing.T) {
	for _, force := range []bool{false, true} {
		e := newEnv(t)
		path := filepath.Join(e.dir, "advanced-activities.yaml")
		e.opts.EditPath = path
		answers := make([]string, 22) // Nexset to Exclude: every saved value
		answers = append(answers, "y")
		if force {
			answers = append(answers, "y", "5", "1")
		} else {
			answers = append(answers, "")
		}
		answers = append(answers, "", "", "n", "", "", "n") // webhook, test, save, activate
		if err := e.run(t, answers...); err != nil {
			t.Fatalf("Run: %v\n%s", err, e.out)
		}
		out := e.out.String()
		if !strings.Contains(out, "Clio refuses every batch there") || !strings.Contains(out, "Batch anyway, for a Clio-compatible proxy that accepts arrays? [y/N]") {
			t.Fatalf("no reason or question:\n%s", out)
		}
		d, err := flow.Load(path)
		if err != nil {
			t.Fatalf("saved file: %v\n%s", err, out)
		}
		if d.Batching.Enabled != force || d.Batching.Anyway != force || (force && d.Batching.Size != 5) {
			t.Errorf("force %v: batching %+v", force, d.Batching)
		}
	}
}
