package accessible_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// Editing a saved destination, a test that creates an object is recorded in
// its ledger at once (session.TestSend); undo deletes the object and the
// ledger forgets it, keep leaves it as the record's delivery, which
// activation then skips.
func TestEditTestSendKeepOrUndo(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml")
	if err := e.run(t, timeEntries(save, "n")...); err != nil {
		t.Fatalf("first Run: %v\n%s", err, e.out)
	}
	before := e.srv.Count("activities")
	e.opts.EditPath = save
	e.out.Reset()
	answers := make([]string, 19) // every default up to the test question
	answers = append(answers,
		"y", "3", "2", // test record 3, undo it
		"y", "4", "1", // test record 4, keep it
		"n", "", "", "y") // no more; save where it was, same name; activate
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("edit Run: %v\n%s", err, e.out)
	}
	out := e.out.String()
	for _, want := range []string{"Undone: Clio object", "The ledger keeps Clio object"} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
	// Activation skips the kept records (2 from the first run, 4) and
	// creates record 3 again.
	records := countLines(t, filepath.Join(e.dir, "time-entries.csv")) - 1
	if n := e.srv.Count("activities"); n != before+records-1 {
		t.Errorf("sandbox holds %d activities, want %d (record 3's test undone, the others once each)\n%s", n, before+records-1, out)
	}
	if n := e.srv.Created("activities"); n != records+1 {
		t.Errorf("sandbox created %d activities, want %d (one per record, and record 3 twice)", n, records+1)
	}
}
