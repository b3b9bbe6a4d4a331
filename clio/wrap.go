package clio

import (
	"fmt"
	"strings"
)

// contextError adds where an error happened under a single "clio: " prefix:
// List and Search wrap errors from Do, which already carry one, and a user
// should not read "clio: list …: clio: GET …".
type contextError struct {
	where string
	err   error
}

func wrapf(err error, format string, a ...any) error {
	return &contextError{where: fmt.Sprintf(format, a...), err: err}
}

func (e *contextError) Error() string {
	return "clio: " + e.where + ": " + strings.TrimPrefix(e.err.Error(), "clio: ")
}

func (e *contextError) Unwrap() error { return e.err }
