package ui

import (
	"strings"
	"testing"
)

// TestConversionPickerFiltersAsYouType: typing in the Conversion row keeps
// the conversions that hold the text, ←/→ move among those, backspace
// widens again, and the mapping follows (at 80x24).
func TestConversionPickerFiltersAsYouType(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "date")
	press(t, m, "enter", "down") // the editor, on to Conversion
	s := m.steps[stepMapping].(*mappingStep)
	conv := s.fm.get("convert")
	if s.fm.focused() != conv {
		t.Fatalf("focus on %s", s.fm.focused().id)
	}
	typeText(t, m, "mm/d")
	if conv.value() != "date:MM/DD/YYYY" {
		t.Fatalf("mm/d chose %q", conv.value())
	}
	sc := screen(m)
	if !strings.Contains(sc, "[date:MM/DD/YYYY]") || strings.Contains(sc, "hours_to_seconds") || !strings.Contains(sc, "typed: mm/d") {
		t.Fatalf("filtered row:\n%s", sc)
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "date"); mp.Convert != "date:MM/DD/YYYY" {
		t.Fatalf("mapping convert = %q", mp.Convert)
	}
	checkFits(t, m, 80, 24)
	press(t, m, "backspace", "backspace", "backspace", "backspace")
	typeText(t, m, "time")
	if !strings.HasPrefix(conv.value(), "datetime") {
		t.Fatalf("time chose %q", conv.value())
	}
	for range len(conv.options) { // around the matches: datetime and its layouts only
		press(t, m, "right")
		if !strings.HasPrefix(conv.value(), "datetime") {
			t.Fatalf("right left the matches: %q", conv.value())
		}
	}
	typeText(t, m, "zz")
	if sc := screen(m); !strings.Contains(sc, "nothing matches timezz") {
		t.Fatalf("no word of no match:\n%s", sc)
	}
	press(t, m, "up") // leaving the row forgets the filter
	press(t, m, "down")
	if conv.query != "" || !strings.Contains(screen(m), "hours_to_seconds") {
		t.Fatalf("filter kept after leaving: %q\n%s", conv.query, screen(m))
	}
}

// TestSourcePickerNarrowsAsYouType: letters typed on the Source row keep
// the record attributes that hold them in sight; ←/→ bring the rest back.
func TestSourcePickerNarrowsAsYouType(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	gotoTarget(t, m, "note")
	press(t, m, "enter")
	typeText(t, m, "_id")
	sc := screen(m)
	if !strings.Contains(sc, "matter_id") || !strings.Contains(sc, "user_id") || strings.Contains(sc, "narrative") || strings.Contains(sc, "work_date") {
		t.Fatalf("source row after _id:\n%s", sc)
	}
	typeText(t, m, "zz") // nothing matches: every source stays in sight
	if sc := screen(m); !strings.Contains(sc, "narrative") || !strings.Contains(sc, `no attribute matches "_idzz"`) {
		t.Fatalf("no match:\n%s", sc)
	}
	press(t, m, "left")
	if sc := screen(m); !strings.Contains(sc, "narrative") || !strings.Contains(sc, "matter_id") {
		t.Fatalf("left did not bring the list back:\n%s", sc)
	}
}
