package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewChecksTheKey: new shows how the --key attribute does among the
// records it read, and warns when it repeats.
func TestNewChecksTheKey(t *testing.T) {
	dir := t.TempDir()
	nx := filepath.Join(dir, "billing.csv")
	if err := os.WriteFile(nx, []byte("Entered By,entry_no,hours\nJ. Smith,1,1\nJ. Smith,2,2\nJ. Smith,3,1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"new", "--no-input", "--nexset", nx, "--template", "create_activity", "--set", "type=TimeEntry"}
	code, out, errOut := runCmd(t, nil, append(base, "-o", filepath.Join(dir, "a.yaml"), "--key", "Entered By")...)
	if code != 0 || !strings.Contains(errOut, `warning: --key Entered By has 1 distinct value in 3 records read: not a key ("J. Smith" repeats)`) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, nil, append(base, "-o", filepath.Join(dir, "b.yaml"), "--key", "entry_no")...)
	if code != 0 || !strings.Contains(out, "  key entry_no has 3 distinct values in 3 records read") || strings.Contains(errOut, "not a key") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// TestNewNamesRecordsItCouldNotRead: a Windows-1252 export read without
// --encoding has records new cannot read; new names each (line, column,
// the flag to use) among the problems instead of checking the key and the
// samples on the others alone, as if the file had only those.
func TestNewNamesRecordsItCouldNotRead(t *testing.T) {
	dir := t.TempDir()
	nx := filepath.Join(dir, "expenses.csv")
	data := "Ref,Hours,Description\r\nE-1,1,Caf\xe9 receipts\r\nE-2,2,Courier\r\n"
	if err := os.WriteFile(nx, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, nil, "new", "--no-input", "--nexset", nx, "-o", filepath.Join(dir, "e.yaml"), "--key", "Ref",
		"--template", "create_activity", "--set", "type=TimeEntry", "--set", "date=2026-03-04", "--map", "quantity=Hours:hours_to_seconds", "--map", "note=Description")
	for _, want := range []string{`expenses.csv line 2: invalid UTF-8 in column "Description"`, "--encoding windows-1252", "Fix these, then run: cliodest validate"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("exit %d: new does not say %q:\n%s%s", code, want, out, errOut)
		}
	}
}
