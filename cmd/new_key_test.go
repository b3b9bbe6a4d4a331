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
