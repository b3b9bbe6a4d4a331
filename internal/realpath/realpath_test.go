package realpath

import (
	"os"
	"path/filepath"
	"testing"
)

func TestOf(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(real, "d.yaml")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	linkDir := filepath.Join(dir, "linkdir")
	linkFile := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(real, linkDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, linkFile); err != nil {
		t.Fatal(err)
	}
	realFile, err := filepath.EvalSymlinks(file) // the temporary directory may itself sit behind a link
	if err != nil {
		t.Fatal(err)
	}
	realDir := filepath.Dir(realFile)
	tests := []struct{ name, in, want string }{
		{"a link to a file", linkFile, realFile},
		{"a file through a linked directory", filepath.Join(linkDir, "d.yaml"), realFile},
		{"a file not written yet, in a linked directory", filepath.Join(linkDir, "new.yaml"), filepath.Join(realDir, "new.yaml")},
		{"nothing there", filepath.Join(dir, "none", "x.yaml"), filepath.Join(dir, "none", "x.yaml")},
		{"relative, nothing there", "no-such-dir/x.yaml", "no-such-dir/x.yaml"},
		{"relative, stays relative", "realpath.go", "realpath.go"},
	}
	for _, tt := range tests {
		if got := Of(tt.in); got != tt.want {
			t.Errorf("%s: Of(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
