package ui

import (
	"os"
	"strings"
	"testing"
)

// TestEditQuitsQuietlyWhenUnchanged: cliodest edit FILE, walked through
// without a change, leaves on ctrl+c without a question and without an
// error; with a change it asks about the changes, not the file.
func TestEditQuitsQuietlyWhenUnchanged(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	toSaved(t, m, f)
	before, err := os.ReadFile(m.savedPath)
	if err != nil {
		t.Fatal(err)
	}

	e := editModel(t, f, m.savedPath, 80, 24)
	press(t, e, "enter", "enter", "enter") // load the Nexset, on to Credential, check
	press(t, e, "ctrl+c")
	if !e.quitting || e.quitAsk {
		t.Fatalf("unchanged edit asked (quitting %v):\n%s", e.quitting, screen(e))
	}
	if err := e.finish(&strings.Builder{}); err != nil {
		t.Fatalf("finish = %v, want nil", err)
	}

	e = editModel(t, f, m.savedPath, 80, 24)
	press(t, e, "down", "down", "down") // the Nexset loads by itself; to the name field
	typeText(t, e, "-x")
	press(t, e, "ctrl+c")
	if e.quitting || !strings.Contains(screen(e), "Discard your changes? The saved file stays as it was. (y/N)") {
		t.Fatalf("changed edit did not ask:\n%s", screen(e))
	}
	press(t, e, "y")
	if !e.quitting {
		t.Fatal("y did not quit")
	}
	if after, _ := os.ReadFile(m.savedPath); string(after) != string(before) {
		t.Fatal("the saved file changed")
	}
}
