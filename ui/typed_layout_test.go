package ui

import (
	"strings"
	"testing"
)

// TestConversionRowTakesATypedLayout (issue 24, 3): the Conversion row
// offers every layout a warning can recommend (datetime:MM/DD/YYYY[ hh:mm]
// among them), and a date or datetime layout typed there is checked as it
// is typed, used while valid, and kept when the row is left.
func TestConversionRowTakesATypedLayout(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "date")
	press(t, m, "enter", "down") // the editor, on to Conversion
	s := m.steps[stepMapping].(*mappingStep)
	conv := s.fm.get("convert")
	for _, want := range []string{"datetime:MM/DD/YYYY[ hh:mm]", "datetime:DD.MM.YYYY[ hh:mm:ss]", "date:DD-MM-YYYY"} {
		if !strings.Contains(strings.Join(conv.options, "\n"), want) {
			t.Fatalf("the row does not offer %s: %v", want, conv.options)
		}
	}

	typeText(t, m, "date:YYYY")
	if sc := screen(m); conv.value() != "date:YYYY" || !strings.Contains(sc, "✗ date:YYYY:") {
		t.Fatalf("an unfinished layout (value %q) is not refused as typed:\n%s", conv.value(), sc)
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "date"); mp.Convert != "date" {
		t.Fatalf("an invalid layout reached the mapping: %q", mp.Convert)
	}
	typeText(t, m, "|MM|DD")
	if sc := screen(m); conv.value() != "date:YYYY|MM|DD" || !strings.Contains(sc, "✓ date:YYYY|MM|DD (typed") {
		t.Fatalf("value %q:\n%s", conv.value(), sc)
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "date"); mp.Convert != "date:YYYY|MM|DD" {
		t.Fatalf("the mapping does not follow the typed layout: %q", mp.Convert)
	}
	press(t, m, "up") // leaving the row keeps the typed layout
	if conv.value() != "date:YYYY|MM|DD" {
		t.Fatalf("after leaving: %q", conv.value())
	}
	press(t, m, "down")
	for range len("date:YYYY|MM|DD") {
		press(t, m, "backspace")
	}
	typeText(t, m, "datetime:MM/DD/YYYY[")
	press(t, m, "space")
	typeText(t, m, "hh:mm]")
	if conv.value() != "datetime:MM/DD/YYYY[ hh:mm]" {
		t.Fatalf("typed with a space: %q\n%s", conv.value(), screen(m))
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "date"); mp.Convert != "datetime:MM/DD/YYYY[ hh:mm]" {
		t.Fatalf("mapping %q\n%s", mp.Convert, screen(m))
	}
}
