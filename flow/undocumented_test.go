package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// TestUndocumentedAttributesInOneWarning: a phone-call note with three
// columns Clio does not document warns once per record, naming all three,
// and validate groups the records (issue 24, 8).
func TestUndocumentedAttributesInOneWarning(t *testing.T) {
	d := New("notes")
	d.Nexset.Path = "calls.jsonl"
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/notes.json"}
	var recs []nexset.Record
	for i := 1; i <= 3; i++ {
		recs = append(recs, rec(i, map[string]any{"type": "Matter", "subject": "Call", "detail": "x", "matter": map[string]any{"id": int64(7)},
			"call_id": int64(i), "caller": "Ann", "duration_min": int64(5)}))
	}
	samples := mustPlan(t, d).Samples(recs, 3)
	want := `3 attributes "Create a new Note" does not document: data.call_id, data.caller, data.duration_min`
	for i, s := range samples {
		if len(s.Warnings) != 1 || s.Warnings[0] != want {
			t.Fatalf("sample %d warnings %q", i+1, s.Warnings)
		}
	}
	var lines []string
	for _, p := range Validate(d, recs).GroupRecords() {
		if p.Warning && strings.Contains(p.Message, "does not document") {
			lines = append(lines, p.String())
		}
	}
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "warning: records 1–3 (lines 2–4): "+want) {
		t.Fatalf("validate: %q", lines)
	}
}
