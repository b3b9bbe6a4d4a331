package ui

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// writeEntries replaces the fixture's Nexset with n time entries, those
// whose number is in bad with a work date no conversion reads.
func writeEntries(t *testing.T, f *fixture, n int, bad ...int) {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		date := "2024-03-04"
		for _, x := range bad {
			if x == i {
				date = "not a date"
			}
		}
		fmt.Fprintf(&b, `{"entry_id":"TE-%d","work_date":%q,"hours":1,"matter_id":3001,"user_id":1001,"narrative":"N%d"}`+"\n", i, date, i)
	}
	if err := os.WriteFile(f.nexset, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// toSaved walks the wizard to a saved destination, past the test send.
func toSaved(t *testing.T, m *model, f *fixture) {
	t.Helper()
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter", "enter", "enter") // exclude, webhook, test, save
	if m.savedPath == "" {
		t.Fatalf("not saved:\n%s", screen(m))
	}
}

// TestSaveNamesFailuresAndAsksWithTheirCount: the Save step checks every
// record before offering to send, lists those that will fail with their
// lines, and sends only after a second y that names the count.
func TestSaveNamesFailuresAndAsksWithTheirCount(t *testing.T) {
	f := newFixture(t)
	writeEntries(t, f, 5, 2, 4)
	m := newTestModel(t, f.options(), 140, 45)
	toSaved(t, m, f)
	got := stepText(m)
	if strings.Count(got, "line 2") != 1 {
		t.Fatalf("the line is said more than once:\n%s", got)
	}
	for _, want := range []string{"✗ 2 of the 5 records checked will fail:", "line 2 (record 2): work_date", "line 4 (record 4): ", "Send 3 records to Clio now?", "[Later]"} {
		if !strings.Contains(got, want) {
			t.Fatalf("no %q:\n%s", want, got)
		}
	}
	press(t, m, "y")
	if got := stepText(m); !strings.Contains(got, "2 records will fail and be recorded as failed. Send the other 3 anyway? (y/N)") {
		t.Fatalf("no confirmation naming the count:\n%s", got)
	}
	press(t, m, "n")
	if n := f.srv.Created("activities"); n != 0 || m.steps[stepSave].(*saveStep).running {
		t.Fatalf("n sent %d activities", n)
	}
	press(t, m, "right", "enter") // Send now asks the same
	if !strings.Contains(stepText(m), "Send the other 3 anyway?") {
		t.Fatalf("send now did not ask:\n%s", stepText(m))
	}
	press(t, m, "y")
	if got := stepText(m); !strings.Contains(got, "Activation done: 3 delivered, 2 failed") {
		t.Fatalf("after sending:\n%s", got)
	}
	if n := f.srv.Created("activities"); n != 3 {
		t.Fatalf("sandbox created %d activities, want 3", n)
	}
}

// TestSaveOfferCountsWhatTheLedgerHolds: after a first activation, a
// second save of the same destination offers only what is still pending.
func TestSaveOfferCountsWhatTheLedgerHolds(t *testing.T) {
	f := newFixture(t)
	writeEntries(t, f, 3)
	m := newTestModel(t, f.options(), 140, 45)
	toSaved(t, m, f)
	press(t, m, "y")
	if n := f.srv.Created("activities"); n != 3 {
		t.Fatalf("first run created %d", n)
	}
	// Two more records, then the same file saved again from the wizard.
	writeEntries(t, f, 5)
	m2 := editModel(t, f, m.savedPath, 140, 45)
	press(t, m2, "enter") // load the Nexset
	for i := 0; m2.cur != stepSave; i++ {
		if i > 12 {
			t.Fatalf("stuck at %s:\n%s", stepTitles[m2.cur], screen(m2))
		}
		if m2.cur == stepMapping {
			press(t, m2, "tab")
			continue
		}
		press(t, m2, "enter")
	}
	press(t, m2, "enter") // saved over the file being edited: no question
	got := stepText(m2)
	if !strings.Contains(got, "3 records already delivered") || !strings.Contains(got, "Send 2 records to Clio now?") {
		t.Fatalf("second offer:\n%s", got)
	}
}

// TestSaveFailureListScrollsAt80x24: on a small terminal the failures
// scroll inside the step, which still fits with its keys.
func TestSaveFailureListScrollsAt80x24(t *testing.T) {
	f := newOfflineFixture(t)
	bad := make([]int, 0, 15)
	for i := 1; i <= 30; i += 2 {
		bad = append(bad, i)
	}
	writeEntries(t, f, 30, bad...)
	m := newTestModel(t, f.options(), 80, 24)
	toSaved(t, m, f)
	checkFits(t, m, 80, 24)
	sc := screen(m)
	if !strings.Contains(sc, "15 of the 30 records checked will fail") || !strings.Contains(sc, "line 1 (") || !strings.Contains(sc, "↑/↓") {
		t.Fatalf("80x24 save:\n%s", sc)
	}
	press(t, m, "down")
	sc = screen(m)
	if strings.Contains(sc, "line 1 (") || !strings.Contains(sc, "failures 2-") {
		t.Fatalf("down did not scroll:\n%s", sc)
	}
	checkFits(t, m, 80, 24)
}

// editModel opens the wizard as cliodest edit FILE does.
func editModel(t *testing.T, f *fixture, path string, w, h int) *model {
	t.Helper()
	return newTestModel(t, Options{Env: f.options().Env, BaseURL: f.host, HasBaseURL: true, Token: f.token,
		EditPath: path, Result: &strings.Builder{}}, w, h)
}

// TestSaveProblemListFitsAt80x24: before saving, a long list of refused
// records is cut to the screen with a line saying so, and the keys stay.
func TestSaveProblemListFitsAt80x24(t *testing.T) {
	f := newOfflineFixture(t)
	writeEntries(t, f, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter", "enter") // exclude, webhook, test, save
	if m.cur != stepSave || m.savedPath != "" {
		t.Fatalf("step %s, saved %q", stepTitles[m.cur], m.savedPath)
	}
	checkFits(t, m, 80, 24)
	sc := screen(m)
	if !strings.Contains(sc, "more lines (cliodest validate lists them once saved)") || !strings.Contains(sc, "enter save") {
		t.Fatalf("save step at 80x24:\n%s", sc)
	}
}
