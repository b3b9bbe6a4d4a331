package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Messages that misled (issue 13): each says what really happened and how
// to fix it, through the command a user ran.
func TestMessagesTellTheTruth(t *testing.T) {
	dir := t.TempDir()
	nexsetFile, err := filepath.Abs(filepath.Join(samplesDir, "task-updates.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nname: [unclosed\nstatus: paused\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "u.yaml")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		notWant  []string
	}{
		{"an excluded attribute used in the URL",
			[]string{"new", "--no-input", "-o", out, "--nexset", nexsetFile, "--credential", "firm", "--template", "update_task", "--id", "{record.task_id}", "--exclude", "task_id"},
			2, []string{"task_id is excluded, but the object's ID is read from it", "take task_id out of the excluded attributes"},
			[]string{"is not in the Nexset's first"}},
		{"a YAML error names its own line",
			[]string{"validate", bad}, 1,
			[]string{"line 2: not valid YAML: column 7:", "name: [unclosed"}, []string{"line 1:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, map[string]string{"CLIODEST_CONFIG_DIR": dir}, tt.args...)
			all := stdout + stderr
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tt.wantCode, all)
			}
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(all, w) {
					t.Errorf("output has %q:\n%s", w, all)
				}
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("new wrote %s despite the problem (stat: %v)", out, err)
	}
}
