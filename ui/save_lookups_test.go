package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Save step judges the records with the values the wizard looked up
// (as the side pane shows them): a matter found is not "looked up when
// sent", and one Clio has none of is named as the record's problem.
func TestSaveStepJudgesWithTheLookups(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(f.dir, "firm.csv")
	csv := "entry_id,work_date,hours,matter_number,lawyer_email\n" +
		"E1,2026-11-02,1.5,00042-Whitfield,marcus@firm.example\n" +
		"E2,2026-11-02,0.5,00099-Nobody,Marcus@Firm.example\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	typeText(t, m, path)
	press(t, m, "enter", "enter", "enter", "enter", "enter") // load, Credential, check and on, template, Mapping
	press(t, m, "down", "up")                                // the look-ups start, and their answers come back
	for i := 0; m.cur != stepSave; i++ {
		if i > 12 {
			t.Fatalf("stuck at %s:\n%s", stepTitles[m.cur], screen(m))
		}
		if m.cur == stepMapping {
			press(t, m, "tab")
			continue
		}
		press(t, m, "enter")
	}
	got := stepText(m)
	if strings.Contains(got, "matter.id: looked up when sent") || strings.Contains(got, "user.id: looked up when sent") {
		t.Errorf("the Save step says values the wizard found are looked up when sent:\n%s", got)
	}
	if !strings.Contains(got, "no matter with display_number 00099-Nobody") {
		t.Errorf("the Save step does not name the matter Clio has none of:\n%s", got)
	}
}
