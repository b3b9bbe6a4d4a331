package flow

import (
	"path/filepath"
	"testing"
)

func TestRelocate(t *testing.T) {
	root := t.TempDir()
	tests := []struct {
		name             string
		oldDir           string
		nexset, response string
		newDir           string
		wantN, wantR     string
	}{
		{"absolute paths", "", filepath.Join(root, "data", "r.jsonl"), filepath.Join(root, "out", "resp.jsonl"), filepath.Join(root, "dest"), "../data/r.jsonl", "../out/resp.jsonl"},
		{"relative to the old file", filepath.Join(root, "a"), "r.csv", "resp.jsonl", filepath.Join(root, "b"), "../a/r.csv", "../a/resp.jsonl"},
		{"standard input and no file", "", "-", "", root, "-", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := New("x")
			d.Dir, d.Nexset.Path, d.ResponseWebhook.File = tc.oldDir, tc.nexset, tc.response
			if err := d.Relocate(tc.newDir); err != nil {
				t.Fatal(err)
			}
			if d.Nexset.Path != tc.wantN || d.ResponseWebhook.File != tc.wantR || d.Dir != tc.newDir {
				t.Errorf("got nexset %q, response %q, dir %q; want %q, %q, %q", d.Nexset.Path, d.ResponseWebhook.File, d.Dir, tc.wantN, tc.wantR, tc.newDir)
			}
		})
	}
}
