package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestMappingEnumValuesAreChoices: an attribute with an enum (activity
// type) offers its values on the source line; → picks one, the pane
// follows, enter saves it as a constant, and reopening shows it chosen.
// Before that, the missing required type says what to do.
func TestMappingEnumValuesAreChoices(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter")
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	unmapType(t, m) // proposed as TimeEntry from the hours: take it away
	if got := ansi.Strip(m.steps[stepMapping].view(&m.stepEnv, 200)); !strings.Contains(got, "required attribute type has no mapping and the Nexset has no type: press enter on it and choose a value") {
		t.Fatalf("the missing type does not say what to do:\n%s", got)
	}
	gotoTarget(t, m, "type")
	press(t, m, "enter")
	s := m.steps[stepMapping].(*mappingStep)
	for _, want := range []string{"[(not mapped)]", "= TimeEntry", "= ExpenseEntry", "= HardCostEntry", "= SoftCostEntry", "constant", "choose one of Clio's values"} {
		if got := screen(m); !strings.Contains(got, want) {
			t.Fatalf("the type editor lacks %q:\n%s", want, got)
		}
	}
	press(t, m, "right")
	if got := s.fm.get("source").value(); got != enumPrefix+"TimeEntry" {
		t.Fatalf("→ chose %q, want the first value", got)
	}
	if !strings.Contains(paneText(m), `"type": "TimeEntry"`) {
		t.Fatalf("the pane does not follow the chosen value:\n%s", paneText(m))
	}
	if got := screen(m); strings.Contains(got, "Constant value") || strings.Contains(got, "Conversion") {
		t.Fatalf("a chosen value asks for more:\n%s", got)
	}
	press(t, m, "enter")
	if s.editing != nil {
		t.Fatalf("enter did not save the chosen value:\n%s", screen(m))
	}
	if mp, i := s.mappingOf(&m.stepEnv, "type"); i < 0 || !mp.Const || mp.Value != "TimeEntry" {
		t.Fatalf("type mapping = %+v, want the constant TimeEntry", mp)
	}
	if got := screen(m); !strings.Contains(got, "= TimeEntry") || strings.Contains(got, "has no mapping") {
		t.Fatalf("after choosing:\n%s", got)
	}

	// Reopened, the saved value is the one chosen; esc undoes a change.
	press(t, m, "enter")
	if got := s.fm.get("source").value(); got != enumPrefix+"TimeEntry" {
		t.Fatalf("reopened on %q, want the saved value", got)
	}
	press(t, m, "right")
	if !strings.Contains(paneText(m), `"type": "ExpenseEntry"`) {
		t.Fatalf("the pane does not follow the next value:\n%s", paneText(m))
	}
	press(t, m, "esc")
	if mp, _ := s.mappingOf(&m.stepEnv, "type"); mp.Value != "TimeEntry" {
		t.Fatalf("esc left type = %v, want TimeEntry back", mp.Value)
	}
	// A constant typed by hand, still one of the values, reopens as that value.
	m.d.Mapping = append(m.d.Mapping[:0:0], m.d.Mapping...)
	press(t, m, "enter")
	if got := s.fm.get("source").value(); got != enumPrefix+"TimeEntry" {
		t.Fatalf("reopened on %q", got)
	}
	press(t, m, "esc")
}

// TestMappingLongNamesFit: the name column is as wide as the longest name
// when it fits, and long names end in … on narrow terminals; no line is
// wider than the terminal.
func TestMappingLongNamesFit(t *testing.T) {
	const long = "activity_description.utbms_activity_id"
	tests := []struct {
		name          string
		width, height int
		whole         bool // the long name shows in full
	}{
		{"wide", 140, 45, true},
		{"narrow", 60, 40, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newOfflineFixture(t)
			m := newTestModel(t, f.options(), tt.width, tt.height)
			walkToMapping(t, m, f)
			gotoTarget(t, m, long)
			got := screen(m)
			var row string
			for _, l := range strings.Split(got, "\n") {
				if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > tt.width {
					t.Fatalf("line of %d columns on a %d-column terminal: %q\n%s", w, tt.width, l, got)
				}
				if strings.Contains(l, "activity_description.utbms_a") {
					row = l
				}
			}
			if row == "" {
				t.Fatalf("no row for %s:\n%s", long, got)
			}
			if strings.Contains(row, long) != tt.whole || !tt.whole && !strings.Contains(row, "…") {
				t.Fatalf("row %q (want whole name: %v)", row, tt.whole)
			}
			// Names and what fills them line up: the column is one width.
			desc := strings.Index(row, " -")
			if i := strings.Index(got, "matter.id "); i < 0 {
				t.Fatalf("no matter.id row:\n%s", got)
			}
			for _, l := range strings.Split(got, "\n") {
				if strings.Contains(l, "matter.id ") && strings.Contains(l, "← matter_id") {
					if j := strings.Index(l, "← matter_id"); ansi.StringWidth(l[:j]) != ansi.StringWidth(row[:desc+1]) {
						t.Fatalf("columns do not line up:\n%s\n%s", row, l)
					}
				}
			}
		})
	}
}
