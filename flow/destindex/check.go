package destindex

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cliodest/cliodest/internal/realpath"
)

// ElsewhereError refuses a run whose destination id already has deliveries
// in another ledger: the file is a copy of that destination, or that
// destination moved without its ledger.
type ElsewhereError struct {
	File, Ledger string // this run's destination file and ledger
	Other        Entry  // where the id was delivered from
}

func (e *ElsewhereError) Error() string {
	when := ""
	if !e.Other.LastRun.IsZero() {
		when = ", last run " + e.Other.LastRun.UTC().Format("2006-01-02 15:04 UTC")
	}
	if e.Other.Host != "" {
		when += " to " + e.Other.Host
	}
	return fmt.Sprintf("destination id %s already has deliveries in the ledger %s (destination file %s%s); "+
		"%s with the ledger %s would send its records again, so nothing was sent. "+
		"If this file is that destination moved, use its ledger: --ledger %s, or move that ledger (not a copy: "+
		"a copy is refused while %s exists) to %s; "+
		"if it is a copy to deliver separately, give the copy a new id: cliodest new --from %s -o COPY.yaml",
		e.Other.ID, e.Other.Ledger, e.Other.File, when, e.File, e.Ledger, e.Other.Ledger, e.Other.Ledger, e.Ledger, e.File)
}

// canonical is path's real path made absolute, so that two names of one
// file compare equal in the index.
func canonical(path string) string {
	path = realpath.Of(path)
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// Check refuses (with *ElsewhereError) to deliver destination id from file
// with the ledger ledgerPath when the index names another ledger for the
// id and that ledger still exists. A ledger that is gone (deleted, or moved
// along with its file) no longer holds anything to protect.
func (x Index) Check(id, file, ledgerPath string) error {
	e, ok, err := x.Get(id)
	if err != nil || !ok {
		return err
	}
	ledgerPath = canonical(ledgerPath)
	if canonical(e.Ledger) == ledgerPath {
		return nil
	}
	if _, err := os.Stat(e.Ledger); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return &ElsewhereError{File: canonical(file), Ledger: ledgerPath, Other: e}
}
