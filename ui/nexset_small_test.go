package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Windows-1252 file on an 80×24 terminal: the Nexset step shows why the
// reading settings opened (the record that is not UTF-8, and where to
// choose its encoding), the record count and the schema's attributes; all
// were below the screen's edge, the schema's header with no attribute.
func TestNexsetStepNotUTF8At80x24(t *testing.T) {
	dir := t.TempDir()
	env := newTestEnv(t, dir)
	path := filepath.Join(dir, "export.csv")
	rows := "Entry,Date,Hours,Matter,User,Note,Billable\n1,2024-03-04,1.5,3001,1001,Call,Y\n2,2024-03-04,1.5,3001,1001,Besprechung M\xfcller,Y\n" +
		"3,2024-03-04,1.5,3001,1001,Call,Y\n4,2024-03-04,1.5,3001,1001,Call,Y\n5,2024-03-04,1.5,3001,1001,Call,Y\n"
	if err := os.WriteFile(path, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	env.o.StartNexset = path
	s := entered(t, env, newNexsetStep(env))
	got := strings.Join(strings.Fields(stepRows(env, s)), " ") // the words may wrap
	for _, want := range []string{
		"Encoding [detected: utf-8]",
		"Records: 5",
		`line 3: invalid UTF-8 in column "Note"; read as Windows-1252 it is "Besprechung Müller": if so, choose it under Encoding above`,
		"Schema (from the first 4 records, 7 attributes): Billable, Date, Entry,",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("at 80×24, %q is off-screen:\n%s", want, stepRows(env, s))
		}
	}
	if strings.Contains(got, "--encoding") {
		t.Errorf("the step names the command line's --encoding, not its own setting:\n%s", stepRows(env, s))
	}
}
