package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyCheckedWhereChosen: the record key is completed to an attribute
// unique in the records read, and one that repeats is called no key.
func TestKeyCheckedWhereChosen(t *testing.T) {
	f := newOfflineFixture(t)
	path := filepath.Join(f.dir, "billing.csv")
	csv := "entered_by,entry_no,hours\nJ. Smith,1,1\nJ. Smith,2,2\nJ. Smith,3,0.5\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter", "down", "down") // load; to the key field
	s := m.steps[stepNexset].(*nexsetStep)
	if f := s.fm.focused(); f.id != "key" {
		t.Fatalf("focus on %s", f.id)
	}
	typeText(t, m, "e")
	if g := s.fm.focused().ghost(); g != "ntry_no" {
		t.Fatalf("e completes with %q, want the unique entry_no", g)
	}
	typeText(t, m, "ntered_by")
	checkFits(t, m, 80, 24)
	if sc := flat(screen(m)); !strings.Contains(sc, `entered_by has 1 distinct value in 3 records read: not a key ("J. Smith" repeats)`) {
		t.Fatalf("no warning:\n%s", sc)
	}
	press(t, m, "ctrl+u")
	typeText(t, m, "entry_no")
	press(t, m, "down") // the note stays when the field is left
	if sc := flat(screen(m)); !strings.Contains(sc, "entry_no has 3 distinct values in 3 records read") || strings.Contains(sc, "not a key") {
		t.Fatalf("unique key:\n%s", sc)
	}
}

// flat is the screen's words one space apart: a wrapped line reads whole.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
