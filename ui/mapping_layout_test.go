package ui

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestMappingKeepsDateLayout: a day-first Nexset gets the suggestion
// date:DD/MM/YYYY; opening its editor and pressing enter through it keeps
// that layout (it was dropped to "none", which is not in the choices), the
// conversion's help says what it does, and the two layouts that the
// ambiguous-date warning names can be chosen.
func TestMappingKeepsDateLayout(t *testing.T) {
	f := newOfflineFixture(t)
	const dayFirst = `{"entry_id":"TE-1","work_date":"25/03/2024","hours":1.5,"matter_id":3001,"user_id":1001,"narrative":"Research"}
{"entry_id":"TE-2","work_date":"04/03/2024","hours":0.5,"matter_id":3002,"user_id":1002,"narrative":"Call"}
`
	if err := os.WriteFile(f.nexset, []byte(dayFirst), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter")
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	s := m.steps[stepMapping].(*mappingStep)
	if mp, i := s.mappingOf(&m.stepEnv, "date"); i < 0 || mp.Convert != "date:DD/MM/YYYY" {
		t.Fatalf("date suggestion = %+v, want work_date with date:DD/MM/YYYY", mp)
	}
	gotoTarget(t, m, "date")
	press(t, m, "enter", "enter")
	if got := s.fm.get("convert").value(); got != "date:DD/MM/YYYY" {
		t.Fatalf("the editor opened with conversion %q, want the suggested layout", got)
	}
	if got := screen(m); !strings.Contains(got, "reads dates strictly as DD/MM/YYYY") {
		t.Fatalf("the conversion's help does not say what it does:\n%s", got)
	}
	press(t, m, "enter")
	if s.editing != nil {
		t.Fatalf("enter did not close the editor:\n%s", screen(m))
	}
	if mp, _ := s.mappingOf(&m.stepEnv, "date"); mp.Convert != "date:DD/MM/YYYY" {
		t.Fatalf("after enter the conversion is %q, want date:DD/MM/YYYY kept", mp.Convert)
	}
	if !strings.Contains(paneText(m), `"date": "2024-03-25"`) {
		t.Fatalf("the pane does not read the date day first:\n%s", paneText(m))
	}

	// → from the layout reaches the other reading; the pane follows.
	press(t, m, "enter", "enter", "right")
	if got := s.fm.get("convert").value(); got != "date:MM/DD/YYYY" {
		t.Fatalf("→ chose %q, want date:MM/DD/YYYY", got)
	}
	if got := screen(m); !strings.Contains(got, "reads dates strictly as MM/DD/YYYY") {
		t.Fatalf("help does not follow the choice:\n%s", got)
	}
	press(t, m, "left", "left")
	if got := screen(m); !strings.Contains(got, "1/0 → the opposite boolean") {
		t.Fatalf("boolean:not is not offered before the layouts, with flow's words:\n%s", got)
	}
	press(t, m, "left")
	if got := screen(m); !strings.Contains(got, "1/0 → boolean") {
		t.Fatalf("help for a plain conversion is not flow's words:\n%s", got)
	}
}

// TestConversionChoicesKeepOtherLayouts: a layout from a file that is not
// in the list is added, once.
func TestConversionChoicesKeepOtherLayouts(t *testing.T) {
	for _, cur := range []string{"", "date", "date:DD/MM/YYYY", "date:DD.MM.YY", "datetime:DD/MM/YYYY hh:mm"} {
		got := conversionChoices(cur, "note")
		n := 0
		for _, c := range got {
			if c == cur {
				n++
			}
		}
		if n != 1 {
			t.Errorf("conversionChoices(%q) holds it %d times: %q", cur, n, got)
		}
	}
}

// TestConversionChoicesOfferLookups: an ID target is offered the lookups
// that fit it, with flow's words; other targets none.
func TestConversionChoicesOfferLookups(t *testing.T) {
	if got := conversionChoices("", "matter.id"); !slices.Contains(got, "lookup:matters.display_number") || slices.Contains(got, "lookup:users.email") {
		t.Errorf("matter.id: %q", got)
	}
	if got := conversionChoices("", "user.id"); !slices.Contains(got, "lookup:users.email") || !slices.Contains(got, "lookup:users.name") {
		t.Errorf("user.id: %q", got)
	}
	for _, c := range conversionChoices("", "note") {
		if strings.HasPrefix(c, "lookup:") {
			t.Errorf("note is offered %s", c)
		}
	}
	if h := conversionHelp("lookup:matters.display_number"); !strings.Contains(h, "display_number is the value (exactly as written)") {
		t.Errorf("help %q", h)
	}
}
