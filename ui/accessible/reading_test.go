package accessible_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/ui/accessible"
)

// A Windows-1252 semicolon export: its encoding is offered as a choice when
// it is refused, how it was read is said and can be changed, and a key is
// suggested with why it matters.
func TestReadingQuestions(t *testing.T) {
	e := newEnv(t)
	csv := "entry_id;matter_id;hours;note\nE1;3001;1,5;Besprechung M\xfcller\nE2;3002;2;Call\n"
	if err := os.WriteFile(filepath.Join(e.dir, "export.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	err := e.run(t, "export.csv", "1", // refused as not UTF-8: windows-1252
		"y", "", "", "3", // change how it is read: delimiter and encoding as found, decimal comma
		"", "Europe/Berlin") // the suggested key; the time zone
	if !errors.Is(err, accessible.ErrAborted) {
		t.Fatalf("Run = %v, want the journey cut short at the credential", err)
	}
	out := e.out.String()
	for _, want := range []string{
		"The file is not UTF-8. Read it as", "Read as delimited text, semicolon separated, windows-1252; decimal mark not set.",
		"Decimal mark of numbers written as text", "Besprechung Müller",
		"Suggested key: entry_id, unique in every record read", "Attribute that identifies a record (- for none: content hash and position) [entry_id]",
		"Time zone of the firm's dates",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
}

// The time zone and on_change answers are saved in the destination.
func TestTimezoneAndOnChangeSaved(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml")
	answers := timeEntries(save, "n")
	answers[3] = "America/Vancouver" // time zone
	answers[6] = "2"                 // on_change: skip
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	if d.Timezone != "America/Vancouver" || d.OnChange != "skip" {
		t.Errorf("timezone %q, on_change %q", d.Timezone, d.OnChange)
	}
	if !strings.Contains(e.out.String(), "1. update: PATCH the object it created with its new values (the default)") {
		t.Errorf("the on_change question does not name its default:\n%s", e.out)
	}
}

// on_remove delete is saved only after a second yes.
func TestOnRemoveDeleteConfirmed(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml")
	answers := timeEntries(save, "n")
	answers[7] = "2" // on_remove: delete
	answers = append(answers[:8], append([]string{"y"}, answers[8:]...)...)
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	if d.OnRemove != "delete" || !strings.Contains(e.out.String(), "It cannot be undone") {
		t.Errorf("on_remove %q", d.OnRemove)
	}
}
