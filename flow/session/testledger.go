package session

import (
	"context"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// A test send that creates an object is its record's delivery
// (flow/deliver's testsend.go): TestSend records it in the destination's
// ledger, KeepTests records the ones a destination not saved yet kept, and
// UndoTest deletes the object and forgets it.

// TestLedger opens the ledger of the destination saved in file for a test
// send (at ledgerFile, or beside file when it is ""), as an activation opens it (through the destination-id index, its
// records checked against the endpoint), and takes the destination's
// delivery lock: a test waits for no activation, it is refused while one
// runs, and none starts until Release. The caller closes the ledger after
// releasing the lock.
func (s *Session) TestLedger(d *flow.Destination, file, ledgerFile string, p *flow.Planner, host clio.Host) (*ledger.Ledger, *deliver.Lock, error) {
	l, _, err := s.openLedger(d, file, LedgerPath(file, ledgerFile), p, host, false)
	if err != nil {
		return nil, nil, err
	}
	lock, err := deliver.AcquireLock(deliver.LockPath(l.Path()))
	if err != nil {
		l.Close()
		return nil, nil, err
	}
	return l, lock, nil
}

// UndoTest undoes a test send of t.Rec: the object it created is deleted
// in Clio. With object 0, the ledger of t.File (t.LedgerFile) keeps it as the record's
// delivery and forgets it too (under the destination's lock), so
// activation creates the record again. Otherwise object is the Clio ID of
// an object no ledger keeps (a test of a destination not saved yet, or one
// the ledger did not record), which is only deleted. It returns the
// deleted object's Clio ID.
func (s *Session) UndoTest(ctx context.Context, conn *Conn, t Test, object int64) (int64, error) {
	t.Plan = s.sending(t.Plan)
	if object != 0 {
		if err := deliver.DeleteObject(ctx, t.Plan, conn.Client, object); err != nil {
			return 0, err
		}
		return object, nil
	}
	l, lock, err := s.TestLedger(t.Dest, t.File, t.LedgerFile, t.Plan, conn.Host)
	if err != nil {
		return 0, err
	}
	defer l.Close()
	defer lock.Release()
	return deliver.UndoTestSend(ctx, l, t.Plan, conn.Client, t.Rec)
}

// KeepTests records in the ledger of d, just saved in file, the test sends
// that created objects before it had one (Tested.Pending), under the
// destination's lock, and says what activation will do with each record.
func (s *Session) KeepTests(d *flow.Destination, file string, host clio.Host, kept []deliver.KeptTest) ([]deliver.TestSent, error) {
	if len(kept) == 0 {
		return nil, nil
	}
	p, err := d.PlanOn(host)
	if err != nil {
		return nil, err
	}
	l, _, err := s.openLedger(d, file, ledger.DefaultPath(file), p, host, false)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	return deliver.RecordKeptTests(l, p, kept)
}
