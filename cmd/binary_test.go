package cmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildCliodest builds the cliodest binary into a temporary directory, for
// tests that run it as a script or the OS would: killed, without a bus, …
func buildCliodest(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "cliodest")
	build := exec.Command("go", "build", "-o", bin, "github.com/cliodest/cliodest")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// cleanEnviron is the test's environment without cliodest's own variables
// and without the names given, so a child sees only what a test sets.
func cleanEnviron(drop ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := !strings.HasPrefix(name, "CLIODEST_")
		for _, d := range drop {
			keep = keep && name != d
		}
		if keep {
			env = append(env, kv)
		}
	}
	return env
}
