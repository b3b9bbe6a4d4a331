package ui

import (
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
