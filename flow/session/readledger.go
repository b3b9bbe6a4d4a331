package session

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cliodest/cliodest/flow/ledger"
)

// ReadLedger opens the ledger at path for reading without changing it
// (status, validate): read-only, so that a running activation is never
// held up and nothing is written. A ledger of an older schema (written by
// an earlier cliodest and not activated since) is read through a migrated
// copy in a temporary directory, so it reads as a current one while the
// file itself stays as it is; the next activation migrates it. release
// frees the handle and the copy.
func ReadLedger(path string, id ledger.Identity) (l *ledger.Ledger, release func(), err error) {
	l, err = ledger.OpenReadOnly(path, id)
	if err != nil {
		return nil, nil, err
	}
	if l.Version() >= ledger.SchemaVersion {
		return l, func() { l.Close() }, nil
	}
	old := l.Version()
	l.Close()
	tmp, err := os.MkdirTemp("", "cliodest-read-*")
	if err != nil {
		return nil, nil, err
	}
	cp := filepath.Join(tmp, "status.ledger.db")
	if err := copyLedger(path, cp); err != nil {
		os.RemoveAll(tmp)
		return nil, nil, fmt.Errorf("reading ledger %s of schema version %d: copying it to read it as version %d: %w", path, old, ledger.SchemaVersion, err)
	}
	if l, err = ledger.Open(cp, id); err != nil {
		os.RemoveAll(tmp)
		return nil, nil, fmt.Errorf("reading ledger %s of schema version %d as version %d: %w", path, old, ledger.SchemaVersion, err)
	}
	return l, func() { l.Close(); os.RemoveAll(tmp) }, nil
}

// copyLedger copies the ledger file at from and its write-ahead log, when
// it has one, to to.
func copyLedger(from, to string) error {
	if err := copyFile(from, to); err != nil {
		return err
	}
	if err := copyFile(from+"-wal", to+"-wal"); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
