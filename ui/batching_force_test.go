package ui

import (
	"strings"
	"testing"
)

// TestBatchingOneObjectEndpointAsksAndShowsTheFirstBatch: on an endpoint
// Clio describes as taking one object, turning batching on says why every
// batch would be refused and takes an explicit y; once on, the pane builds
// the first batch in full (5 records, not the first 3).
func TestBatchingOneObjectEndpointAsksAndShowsTheFirstBatch(t *testing.T) {
	f := newOfflineFixture(t)
	writeEntries(t, f, 7)
	m := newTestModel(t, f.options(), 80, 24)
	toAdvancedURL(t, m, f)
	typeText(t, m, "/api/v4/activities.json")
	drive(t, m, m.goTo(stepBatching))
	s := m.steps[stepBatching].(*batchingStep)
	press(t, m, "space")
	sc := flat(screen(m))
	if m.d.Batching.Enabled || !strings.Contains(sc, "Clio refuses every batch there") ||
		!strings.Contains(sc, "Batch anyway, for a Clio-compatible proxy that accepts arrays? (y/N)") {
		t.Fatalf("no question (enabled %v):\n%s", m.d.Batching.Enabled, screen(m))
	}
	checkFits(t, m, 80, 24)
	press(t, m, "esc") // any other key: still one record per request, and still on this step
	if m.d.Batching.Enabled || s.askForce != "" || m.cur != stepBatching {
		t.Fatalf("esc: enabled %v, asking %q, step %s", m.d.Batching.Enabled, s.askForce, stepTitles[m.cur])
	}
	press(t, m, "space", "y")
	if !m.d.Batching.Enabled || !m.d.Batching.Anyway || len(s.problems.Errors()) > 0 {
		t.Fatalf("y did not force batching on (anyway %v, errors %v):\n%s", m.d.Batching.Anyway, s.problems.Errors(), screen(m))
	}
	press(t, m, "down")
	press(t, m, "ctrl+u")
	typeText(t, m, "5")
	if m.d.Batching.Size != 5 {
		t.Fatalf("size = %d", m.d.Batching.Size)
	}
	if first := m.pane.samples[0].Records; len(first) != 5 {
		t.Fatalf("the first batch holds %d records, want 5", len(first))
	}
	if !strings.Contains(paneText(m), "Record #1,#2,#3,#4,#5") {
		t.Fatalf("pane:\n%s", paneText(m))
	}
	press(t, m, "up", "space") // off again: the force goes with it
	if m.d.Batching.Enabled || m.d.Batching.Anyway {
		t.Fatalf("off: enabled %v, anyway %v", m.d.Batching.Enabled, m.d.Batching.Anyway)
	}
}
