package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain fails the package's tests when they leave new files in the
// repository (samples/ or cmd/): a ledger written beside a sample outlives
// the run, and a stale one broke later runs. Tests work on copies in
// t.TempDir (sampleCopy).
func TestMain(m *testing.M) {
	dirs := []string{samplesDir, "."}
	before := filesIn(dirs)
	code := m.Run()
	for f := range filesIn(dirs) {
		if !before[f] {
			fmt.Fprintf(os.Stderr, "the tests left %s in the repository: work on a copy in t.TempDir (sampleCopy)\n", f)
			code = 1
		}
	}
	os.Exit(code)
}

// filesIn lists the files directly in dirs.
func filesIn(dirs []string) map[string]bool {
	out := map[string]bool{}
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			out[filepath.Join(d, e.Name())] = true
		}
	}
	return out
}
