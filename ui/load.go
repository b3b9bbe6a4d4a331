package ui

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/cliodest/cliodest/flow"
)

// LoadError is returned by Run when `cliodest edit FILE` cannot open FILE;
// its problems come from flow.Load, one per line.
type LoadError struct {
	Path string
	Err  error
}

func (e *LoadError) Error() string { return fmt.Sprintf("opening %s: %v", e.Path, e.Err) }
func (e *LoadError) Unwrap() error { return e.Err }

// load opens a destination file for editing. A file with problems is
// refused: flow reports every problem with its line, and the user fixes
// them in the file (the wizard edits only what flow can read).
func (m *model) load(path string) error {
	d, err := flow.Load(path)
	if err != nil {
		var le *flow.LoadError
		if errors.As(err, &le) {
			return &LoadError{Path: path, Err: err}
		}
		return &LoadError{Path: path, Err: err}
	}
	m.d = d
	m.savedPath = ""
	if abs, err := filepath.Abs(path); err == nil {
		m.o.SavePath = abs
	}
	return nil
}

// fileBytes is the destination as saving it beside the file being edited
// (or the default save path) would write it; nil when it cannot be encoded.
func (m *model) fileBytes() []byte {
	d := *m.d
	if m.o.SavePath != "" {
		if err := d.Relocate(filepath.Dir(m.o.SavePath)); err != nil {
			return nil
		}
	}
	b, err := flow.Marshal(&d)
	if err != nil {
		return nil
	}
	return b
}

// changed says whether leaving now loses anything: typed choices not yet
// saved; when editing a file, only what differs from it.
func (m *model) changed() bool {
	if !m.dirty || m.savedPath != "" {
		return false
	}
	if m.original == nil {
		return true
	}
	b := m.fileBytes()
	return b == nil || !bytes.Equal(b, m.original)
}

// discardQuestion is what ctrl+c asks before losing changes.
func (m *model) discardQuestion() string {
	if m.original != nil {
		return "Discard your changes? The saved file stays as it was. (y/N)"
	}
	return "Discard this destination? Nothing has been saved. (y/N)"
}
