package ui

import (
	"strings"
	"testing"
)

// On an ID target, the Conversion row of an 80×24 screen shows its
// look-ups without typing "lookup": they come right after none, before the
// long list of conversions and date layouts that pushed them off-screen.
func TestConversionRowShowsLookupsAt80x24(t *testing.T) {
	env, s := mappingList(t, t.TempDir())
	for i, l := range s.targets {
		if l.Path == "matter.id" {
			s.sel = i
		}
	}
	stepPress(t, env, s, "enter", "down") // the editor, on to Conversion
	if f := s.fm.focused(); f == nil || f.id != "convert" {
		t.Fatalf("focus on %v", f)
	}
	if got := stepRows(env, s); !strings.Contains(got, "lookup:matters.display_number") {
		t.Errorf("at 80×24 the Conversion row hides matter.id's look-up:\n%s", got)
	}
	if got := conversionChoices("", "user.id"); !strings.HasPrefix(got[1], "lookup:users.") || !strings.HasPrefix(got[2], "lookup:users.") {
		t.Errorf("user.id's choices begin %q: its look-ups first after none", got[:3])
	}
}
