package cmd

import (
	"errors"
	"fmt"
)

// Exit codes, as gh and gum use them, so scripts can tell what happened.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// ExitError makes a command end with a chosen exit code. A nil Err exits
// silently: use it when the command has already told the user what went wrong.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageErrorf reports input the user can fix by changing the command line
// (exit 2). The message should name the flag or argument and the bad value.
func usageErrorf(format string, a ...any) error {
	return &ExitError{Code: exitUsage, Err: fmt.Errorf(format, a...)}
}

// usageError turns err into a usage error, keeping a code it already carries.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return err
	}
	return &ExitError{Code: exitUsage, Err: err}
}

// exitCode maps a command's error to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return exitFailed
}

// isUsage reports whether err is a usage error, for the "--help" hint.
func isUsage(err error) bool {
	return exitCode(err) == exitUsage
}
