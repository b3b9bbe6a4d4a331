package cmd

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
)

// Exit codes: one meaning each, for every command, so a script can branch
// on the code alone. The README's "Exit codes" table is the contract
// (TestExitCodesDocumented holds every command's outcomes to it).
const (
	// exitOK: done; for activate and retry, every record of the Nexset is
	// delivered (or nothing was left to do).
	exitOK = 0
	// exitFailed: records are failed or in doubt (this run's or earlier
	// ones'), or the command could not do its work (an invalid file, Clio
	// refused the request, no such credential, never activated).
	exitFailed = 1
	// exitUsage: bad usage only — the command line itself is wrong.
	exitUsage = 2
	// exitStopped: stopped early, nothing more could be done now: the
	// destination is paused, Clio cannot be reached, or it refused the
	// token. Records not sent stay pending; run again once that is fixed.
	exitStopped = 3
	// exitInterrupted: Ctrl-C (SIGINT), or the terminal closed (SIGHUP).
	exitInterrupted = 130
	// exitTerminated: SIGTERM (128 + 15).
	exitTerminated = 143
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

// failedf reports a command that could not do its work although the
// command line was right: a state such as "never activated" (exit 1).
func failedf(format string, a ...any) error {
	return &ExitError{Code: exitFailed, Err: fmt.Errorf(format, a...)}
}

// stoppedf reports a command that stopped before doing its work because
// nothing could succeed now: paused, Clio unreachable, token refused (exit 3).
func stoppedf(format string, a ...any) error {
	return &ExitError{Code: exitStopped, Err: fmt.Errorf(format, a...)}
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
	if cannotReachClio(err) {
		return exitStopped
	}
	return exitFailed
}

// cannotReachClio reports errors that mean no request can succeed now:
// Clio refused the token (401, or a credential that must log in again), or
// the server cannot be reached (connection refused, no such host, timeout).
func cannotReachClio(err error) bool {
	var re *cred.ReloginError
	if errors.As(err, &re) {
		return true
	}
	var ae *clio.APIError
	if errors.As(err, &ae) {
		return ae.Status == http.StatusUnauthorized
	}
	var op *net.OpError
	var dns *net.DNSError
	var ne net.Error
	return (errors.As(err, &op) && op.Op == "dial") || errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) ||
		(errors.As(err, &ne) && ne.Timeout())
}

// isUsage reports whether err is a usage error, for the "--help" hint.
func isUsage(err error) bool {
	return exitCode(err) == exitUsage
}
