package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
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

// TestEnumConstant: a constant for an attribute with allowed values is one
// of them, apart from case (then as Clio spells it), or refused naming them.
func TestEnumConstant(t *testing.T) {
	a := &clio.Attr{Type: "string", Enum: []string{"User", "Contact"}}
	for raw, want := range map[string]string{"User": "User", "user": "User", " CONTACT": "Contact"} {
		if v, err := EnumConstant(raw, a); err != nil || v != want {
			t.Errorf("%q: %v, %v; want %q", raw, v, err, want)
		}
	}
	if _, err := EnumConstant("Group", a); err == nil || !strings.Contains(err.Error(), `"Group" is not one of User, Contact`) {
		t.Errorf("Group: %v", err)
	}
	if v, err := EnumConstant("anything", &clio.Attr{Type: "string"}); err != nil || v != "anything" {
		t.Errorf("no enum: %v, %v", v, err)
	}
}
