package nexset

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Every way of opening a Nexset file says a missing one the same way: the
// file named once, no "open … open …" chain, and fs.ErrNotExist underneath.
func TestMissingNexsetSaidOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	want := "no Nexset at " + path + ": there is no such file; check the path"
	_, err1 := Open(t.Context(), path, Options{})
	_, err2 := Count(t.Context(), path, Options{})
	_, _, err3 := Head(t.Context(), path, Options{}, 5)
	_, err4 := TakeFingerprint(path)
	for i, err := range []error{err1, err2, err3, err4} {
		var oe *OpenError
		if err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &oe) {
			t.Errorf("opener %d: %v; want %q, an *OpenError and fs.ErrNotExist", i+1, err, want)
		}
		if err != nil && strings.Count(err.Error(), "x.csv") != 1 {
			t.Errorf("opener %d names the file more than once: %v", i+1, err)
		}
	}
}
