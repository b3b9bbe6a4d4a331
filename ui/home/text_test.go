package home

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// The home's samples of a destination whose Nexset is missing say so once,
// naming the file and nexset.path.
func TestSamplesOfMissingNexset(t *testing.T) {
	d := flow.New("n")
	d.Dir = t.TempDir()
	d.Nexset = flow.NexsetRef{Path: "gone.csv"}
	d.Endpoint = flow.Endpoint{Template: "create_activity"}
	_, _, err := samplesOf(t.Context(), d, 0, 3, nil)
	want := "no Nexset at " + filepath.Join(d.Dir, "gone.csv") + ": check nexset.path (gone.csv)"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, fs.ErrNotExist) || strings.Count(err.Error(), "gone.csv") != 2 {
		t.Errorf("samplesOf = %v, want %q…", err, want)
	}
}
