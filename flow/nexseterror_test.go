package flow

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A destination whose Nexset is missing says so in one sentence naming the
// file and what to check, whichever reader meets it first; a read error of
// another kind is wrapped with the Nexset's name.
func TestNexsetErrorMissingFile(t *testing.T) {
	dir := t.TempDir()
	d := New("n")
	d.Dir = dir
	d.Nexset.Path = "x.csv"
	want := "no Nexset at " + filepath.Join(dir, "x.csv") + ": check nexset.path (x.csv) in the destination file, whose folder a relative path starts from"
	err1 := EachKey(t.Context(), d, func(string, nexset.Record) error { return nil })
	_, _, err2 := UnreadableRecords(t.Context(), d, 0, 5)
	for i, err := range []error{err1, err2} {
		if err == nil || err.Error() != want || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("reader %d: %v\nwant %q", i+1, err, want)
		}
	}

	if err := os.Mkdir(filepath.Join(dir, "x.csv"), 0o700); err != nil {
		t.Fatal(err)
	}
	_, _, err := UnreadableRecords(t.Context(), d, 0, 5)
	if want := "the Nexset " + filepath.Join(dir, "x.csv") + " cannot be opened: it is a directory, not a file"; err == nil || err.Error() != want {
		t.Errorf("directory: %v\nwant %q", err, want)
	}

	other := errors.New("disk on fire")
	if got := d.NexsetError(other); !errors.Is(got, other) || got.Error() != "reading the Nexset "+filepath.Join(dir, "x.csv")+": disk on fire" {
		t.Errorf("other error = %v", got)
	}
}
