package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// Enum values that differ from one allowed value only in case are sent as
// Clio spells it, with a note; mapped or passed through (issue 24, 2).
func TestEnumCaseIsCorrected(t *testing.T) {
	d := taskDest(
		Mapping{Target: "name", Source: "title"},
		Mapping{Target: "assignee.id", Value: int64(1001), Const: true},
		Mapping{Target: "assignee.type", Value: "user", Const: true},
		Mapping{Target: "status", Source: "State"},
	)
	r := rec(1, map[string]any{"title": "File the motion", "priority": "high", "State": "Complete", "description": "x"})
	s := Samples(d, []nexset.Record{r}, 1)[0]
	if !s.OK() {
		t.Fatalf("sample refused: %s %v", s.Error, s.Problems)
	}
	for _, want := range []string{`"priority": "High"`, `"status": "complete"`, `"type": "User"`} {
		if !strings.Contains(s.Body, want) {
			t.Errorf("body lacks %s:\n%s", want, s.Body)
		}
	}
	notes := strings.Join(s.Warnings, "\n")
	for _, want := range []string{`note: priority "high" is sent as "High"`, `note: status "Complete" is sent as "complete"`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// A value that fits no allowed value is still refused.
	r.Fields["priority"] = "urgent"
	if s := Samples(d, []nexset.Record{r}, 1)[0]; s.OK() || !strings.Contains(strings.Join(s.Problems, ";"), "priority must be") {
		t.Errorf("urgent accepted: %v", s.Problems)
	}
}
