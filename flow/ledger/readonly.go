package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// ErrReadOnly is returned by every write to a ledger opened with
// OpenReadOnly.
var ErrReadOnly = errors.New("ledger opened read-only")

// OpenReadOnly opens an existing ledger for reading only (a screen that
// watches destinations, such as the home): it never creates, migrates or
// writes the file, takes no lock, and waits at most readOnlyBusy for
// SQLite's own brief locks, so a running activation never holds it up.
// Counts, LastRun, List and Each work; writes return ErrReadOnly.
//
// Errors: one wrapping fs.ErrNotExist when there is no ledger yet, and
// *CorruptError, *MismatchError or *VersionError as Open gives them. A
// ledger of an older schema is read as far as its tables allow.
func OpenReadOnly(path string, dest Identity) (*Ledger, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	if err := looksLikeLedger(path, abs); err != nil {
		return nil, err
	}
	r, err := sql.Open("sqlite", fileURI(abs)+"?_pragma=busy_timeout("+strconv.Itoa(int(readOnlyBusy/time.Millisecond))+")&_pragma=query_only(1)")
	if err != nil {
		return nil, fmt.Errorf("open ledger %s: %w", path, err)
	}
	r.SetMaxOpenConns(2)
	l := &Ledger{path: path, dest: dest, now: time.Now, r: r, openRuns: map[int64]bool{}, readOnly: true}
	if err := l.checkMeta(); err != nil {
		r.Close()
		return nil, err
	}
	return l, nil
}

// readOnlyBusy bounds a read-only opener's wait for a lock SQLite holds
// briefly (a checkpoint): a watcher retries later rather than wait.
const readOnlyBusy = time.Second

// looksLikeLedger checks, without creating anything, that path is a
// non-empty SQLite file (or one whose pages are still in its log).
func looksLikeLedger(path, abs string) error {
	fi, err := os.Stat(abs)
	switch {
	case err != nil:
		return fmt.Errorf("open ledger %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("open ledger %s: is a directory, not a ledger file", path)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("open ledger %s: not a regular file", path)
	case fi.Size() == 0 && hasWAL(abs):
		return nil
	case fi.Size() == 0:
		return emptyFileError(path)
	}
	return checkHeader(path, abs)
}

// checkMeta refuses, as initSchema does, a file that is not a cliodest
// ledger, was written by a newer cliodest, or is another destination's.
func (l *Ledger) checkMeta() error {
	var tables int
	if err := l.r.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'`).Scan(&tables); err != nil {
		return l.classify("read schema", err)
	}
	if tables == 0 {
		return &CorruptError{Path: l.path, Reason: "an SQLite database of another program (it has no cliodest meta table)"}
	}
	meta, err := l.readMeta(l.r)
	if err != nil {
		return err
	}
	l.version, err = l.checkIdentity(meta)
	return err
}

// Version is the schema version of a ledger opened read-only, which may be
// older than SchemaVersion (Open migrates; OpenReadOnly does not): reads of
// columns and tables added since fail on such a file. A ledger opened with
// Open is at SchemaVersion.
func (l *Ledger) Version() int {
	if !l.readOnly {
		return SchemaVersion
	}
	return l.version
}
