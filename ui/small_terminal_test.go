package ui

import (
	"regexp"
	"strings"
	"testing"
)

// TestSmallTerminalShowsProblemsAndTheMappedFirst: at 80x24 the hidden
// pane leaves a bar counting the samples' problems (ctrl+p opens them),
// and the Mapping step lists required and mapped attributes before "more
// attributes", saying how many more the cut list holds.
func TestSmallTerminalShowsProblemsAndTheMappedFirst(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter") // check, template, Mapping
	if m.cur != stepMapping {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	unmapType(t, m) // the wizard proposed TimeEntry; without it every sample is refused
	sc := screen(m)
	checkFits(t, m, 80, 24)
	if !strings.Contains(sc, "Samples: ✗ 3 of 3 refused (3 problem(s)) · ctrl+p shows them") {
		t.Fatalf("no problem bar (type is not set yet):\n%s", sc)
	}
	lines := strings.Split(sc, "\n")
	at := func(s string) int {
		for i, l := range lines {
			if strings.Contains(l, s) {
				return i
			}
		}
		t.Fatalf("no %q on screen:\n%s", s, sc)
		return -1
	}
	// required, then mapped by suggestion; the rest is below, counted
	if !(at("* type") < at("note ") && at("note ") < at("user.id") && at("user.id") < at("↓ 19 more below")) {
		t.Fatalf("order:\n%s", sc)
	}
	for range 6 {
		press(t, m, "down")
	}
	sc = screen(m)
	lines = strings.Split(sc, "\n")
	if !(at("more above") < at("user.id") && at("user.id") < at("more attributes (19):") && at("more attributes (19):") < at("activity_description.id")) {
		t.Fatalf("scrolled:\n%s", sc)
	}
	checkFits(t, m, 80, 24)
	press(t, m, "ctrl+p")
	if sc := screen(m); !strings.Contains(sc, "Sample requests") || !strings.Contains(sc, "missing data.type") {
		t.Fatalf("ctrl+p did not open the samples:\n%s", sc)
	}
	press(t, m, "ctrl+p")
	gotoTarget(t, m, "type")
	press(t, m, "enter", "left", "enter")
	typeText(t, m, "TimeEntry")
	press(t, m, "enter")
	if sc := screen(m); !strings.Contains(sc, "Samples: ✓ 3 of 3 valid") {
		t.Fatalf("bar after setting type:\n%s", sc)
	}
	checkFits(t, m, 80, 24)
}

// TestNexsetSchemaSaysHowManyMoreAt80x24: the Nexset step's attribute list
// is cut to what the terminal leaves, and says how many it does not show.
func TestNexsetSchemaSaysHowManyMoreAt80x24(t *testing.T) {
	for _, demo := range []bool{false, true} { // the demo's banner takes a line more
		f := newOfflineFixture(t)
		path := wideCSV(t, f)
		o := f.options()
		o.Demo = demo
		m := newTestModel(t, o, 80, 24)
		press(t, m, "ctrl+u")
		pastePath(t, m, path)
		press(t, m, "enter")
		checkFits(t, m, 80, 24)
		sc := screen(m)
		// a line an attribute and "… and N more", or, with room for fewer
		// than three, a line of their names that says how many there are
		if !strings.Contains(sc, "col01") || !regexp.MustCompile(`… and \d+ more|\d+ attributes\): col01, col02, col03`).MatchString(sc) {
			t.Fatalf("demo %v: no more line:\n%s", demo, sc)
		}
		if !strings.Contains(sc, "ctrl+c quit") {
			t.Fatalf("demo %v: the footer is cut:\n%s", demo, sc)
		}
	}
}

// TestSampleBarCountsARecordThatBuildsNoRequest: one record whose date
// cannot be read is one refused sample among valid ones, not "no request".
func TestSampleBarCountsARecordThatBuildsNoRequest(t *testing.T) {
	f := newOfflineFixture(t)
	writeEntries(t, f, 3, 2)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	if sc := screen(m); !strings.Contains(sc, "Samples: ✗ 1 of 3 refused (1 problem(s))") {
		t.Fatalf("bar:\n%s", sc)
	}
}
