package session

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Check opens the dry run the wizards make before they offer to activate:
// every record planned, nothing sent. It runs against the destination's
// ledger when it has one (delivered records are skipped), else against a
// throw-away ledger removed when the run is closed: only activation makes
// the ledger beside the file.
func (s *Session) Check(ctx context.Context, a Activation) (*Run, error) {
	a.DryRun = true
	if _, err := os.Stat(ledgerPath(a)); !errors.Is(err, fs.ErrNotExist) {
		return s.Activate(ctx, a)
	}
	tmp, err := os.MkdirTemp("", "cliodest-check-*")
	if err != nil {
		return nil, err
	}
	a.Ledger = filepath.Join(tmp, "check.ledger.db")
	r, err := s.Activate(ctx, a)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	r.cleanup = func() { os.RemoveAll(tmp) }
	return r, nil
}
