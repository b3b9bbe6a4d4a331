package nexset

import (
	"errors"
	"io/fs"
	"os"
)

// OpenError says the Nexset file at Path cannot be opened: there is none
// (errors.Is(err, fs.ErrNotExist) holds), it is a directory, or it may not
// be read. Its message names the file once; Hint, set by a caller that knows
// where Path came from (a destination file's nexset.path), says what to do.
type OpenError struct {
	Path string
	Err  error
	Hint string
}

func (e *OpenError) Error() string {
	if errors.Is(e.Err, fs.ErrNotExist) {
		hint := e.Hint
		if hint == "" {
			hint = "there is no such file; check the path"
		}
		return "no Nexset at " + e.Path + ": " + hint
	}
	msg := "the Nexset " + e.Path + " cannot be opened: " + e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func (e *OpenError) Unwrap() error { return e.Err }

// openFile opens the Nexset file at path for reading; any failure, a
// directory included, is an *OpenError.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named once, by OpenError
		}
		return nil, &OpenError{Path: path, Err: err}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &OpenError{Path: path, Err: err}
	}
	if st.IsDir() {
		f.Close()
		return nil, &OpenError{Path: path, Err: errors.New("it is a directory, not a file")}
	}
	return f, nil
}
