package nexset

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestFingerprint: each kind of change is told, with what changed; an
// untouched file is unchanged on the quick and the full check.
func TestFingerprint(t *testing.T) {
	content := strings.Repeat("{\"a\":1}\n", 20000) // 160 KB: head and tail blocks apart
	tests := []struct {
		name  string
		quick bool
		edit  func(t *testing.T, path string)
		want  string // "" = unchanged
	}{
		{"untouched", false, func(*testing.T, string) {}, ""},
		{"grown", true, func(t *testing.T, path string) { writeAt(t, path, int64(len(content)), "{}\n") }, "size went from"},
		{"rewritten, time kept", false, func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			writeAt(t, path, int64(len(content))-3, "2}\n")
			if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, "content differs"},
		{"rewritten", true, func(t *testing.T, path string) {
			writeAt(t, path, 5, "2")
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(path, later, later); err != nil {
				t.Fatal(err)
			}
		}, "was written at"},
		{"replaced", true, func(t *testing.T, path string) {
			if err := os.WriteFile(path+".new", []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(path+".new", path); err != nil {
				t.Fatal(err)
			}
		}, "another file took its place"},
		{"removed", true, func(t *testing.T, path string) { os.Remove(path) }, "removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "n.jsonl", content)
			fp, err := TakeFingerprint(path)
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(t, path)
			err = fp.Unchanged(path, tt.quick)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("Unchanged = %v, want %q", err, tt.want)
			}
		})
	}
}
