package session

import (
	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestLedger opens the ledger of the destination saved in file for a test
// send (at ledgerFile, or beside file when it is ""), as an activation opens it (through the destination-id index, its
// records checked against the endpoint), and takes the destination's
// delivery lock: a test waits for no activation, it is refused while one
// runs, and none starts until Release. The caller closes the ledger after
// releasing the lock. (flow/deliver's testsend.go records the test.)
func (s *Session) TestLedger(d *flow.Destination, file, ledgerFile string, p *flow.Planner, host clio.Host) (*ledger.Ledger, *deliver.Lock, error) {
	l, _, err := s.openLedger(d, file, ledgerPath(Activation{File: file, Ledger: ledgerFile}), p, host, false)
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
