package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatchingAnywayJourneyB: phone-call notes through POST
// /api/v4/notes.json, batching 5 by matter, are refused at setup with the
// reason (new, validate, activate) unless forced with --batching-anyway /
// batching.anyway: true.
func TestBatchingAnywayJourneyB(t *testing.T) {
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls.csv")
	os.WriteFile(calls, []byte("type,matter.id,contact.id,subject,detail\nMatter,1,7,Call,Discussed\nMatter,2,7,Call,Followed up\n"), 0o600)
	out := filepath.Join(dir, "notes.yaml")
	args := []string{"new", "--no-input", "-o", out, "--nexset", calls, "--method", "POST", "--url", "/api/v4/notes.json",
		"--batching", "--batch-size", "5", "--grouping", "by_attribute", "--group-by", "matter.id"}
	reason := []string{"one object per call on POST /api/v4/notes.json", "Clio refuses every batch there", "--batching-anyway", "proxy that accepts arrays"}

	code, stdout, stderr := runCmd(t, nil, args...)
	if code != 2 {
		t.Fatalf("new: exit %d, want 2\n%s%s", code, stdout, stderr)
	}
	for _, w := range reason {
		if !strings.Contains(stderr, w) {
			t.Errorf("new: stderr lacks %q:\n%s", w, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("new wrote a file it refused")
	}
	if code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", out, "--nexset", calls, "--method", "POST", "--url", "/api/v4/notes.json", "--batching-anyway"); code != 2 || !strings.Contains(stderr, "give --batching too") {
		t.Fatalf("--batching-anyway alone: exit %d\n%s%s", code, stdout, stderr)
	}

	code, stdout, stderr = runCmd(t, nil, append(args, "--batching-anyway")...)
	if code != 0 {
		t.Fatalf("new --batching-anyway: exit %d\n%s%s", code, stdout, stderr)
	}
	forced, _ := os.ReadFile(out)
	if !strings.Contains(string(forced), "anyway: true") {
		t.Fatalf("the file does not record the force:\n%s", forced)
	}
	if code, stdout, stderr := runCmd(t, nil, "validate", out); code != 0 || !strings.Contains(stderr, "batching forced") {
		t.Fatalf("validate forced: exit %d\n%s%s", code, stdout, stderr)
	}

	// The same file without the force, as a user would write it by hand.
	os.WriteFile(out, []byte(strings.Replace(string(forced), "anyway: true", "", 1)), 0o600)
	for _, cmd := range [][]string{{"validate", out}, {"activate", "--dry-run", out}} {
		code, stdout, stderr := runCmd(t, nil, cmd...)
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1\n%s%s", cmd[0], code, stdout, stderr)
		}
		for _, w := range append(reason[:2], "batching.anyway: true") {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], w, stderr)
			}
		}
	}
}
