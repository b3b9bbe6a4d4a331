package ledger

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrClosed is returned by every method called after Close.
var ErrClosed = errors.New("ledger is closed")

// MismatchError: the ledger file belongs to another destination. Using it
// would mix two destinations' delivery records, so Open refuses.
type MismatchError struct {
	Path   string
	Ledger Identity // identity stored in the file
	Want   Identity // identity the caller opened it for
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("ledger %s belongs to destination %q (id %s), not to %q (id %s); use that destination's own ledger or move this file away",
		e.Path, e.Ledger.Name, e.Ledger.ID, e.Want.Name, e.Want.ID)
}

// VersionError: the ledger was written by a newer cliodest whose schema this
// one does not know. Writing to it could corrupt what the newer one relies on.
type VersionError struct {
	Path      string
	Version   int // schema version found in the file
	Supported int // newest schema version this build knows
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("ledger %s has schema version %d, newer than the %d this cliodest knows: upgrade cliodest",
		e.Path, e.Version, e.Supported)
}

// CorruptError: the file is not a cliodest ledger (damaged, truncated, or
// another kind of file).
type CorruptError struct {
	Path   string
	Reason string
	Err    error // underlying SQLite error, may be nil
}

func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("ledger %s is not a cliodest ledger: %s", e.Path, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *CorruptError) Unwrap() error { return e.Err }

// StateError: a write would break the delivery rules, e.g. sending a record
// that is already delivered or already in flight. Nothing of the call that
// got it was written.
type StateError struct {
	Op    string // "mark in flight", "record", "reject"
	Key   string
	State State // the record's current state; "" when absent from the ledger
}

func (e *StateError) Error() string {
	st := string(e.State)
	if st == "" {
		st = "not in the ledger"
	}
	return fmt.Sprintf("ledger %s: record %q is %s", e.Op, e.Key, st)
}

// isCorrupt reports SQLite errors that mean "this file is not a sound
// database", as opposed to I/O, permission or space problems.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return true
		}
	}
	// Some paths report only the message.
	msg := err.Error()
	return strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed")
}

// isBusy reports SQLite's "database is locked" answers (SQLITE_BUSY and
// SQLITE_LOCKED), which mean another connection holds the file for now.
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// diskHint is added to the message of an error that means the ledger's
// file cannot be written — SQLite's SQLITE_FULL, an I/O error (which is how
// a full disk often surfaces, e.g. "disk I/O error (4874)"), a read-only
// database, or the system's ENOSPC, EROFS or EDQUOT — since SQLite's own
// words do not say what to check.
func diskHint(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY:
			return " (is the disk full or read-only?)"
		}
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EDQUOT) {
		return " (is the disk full or read-only?)"
	}
	return ""
}

// IsDiskProblem reports whether err means the ledger's file cannot be
// written: a full or read-only disk (the errors diskHint names).
func IsDiskProblem(err error) bool { return diskHint(err) != "" }
