package deliver

import (
	"fmt"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// unrecorded handles a call whose outcome the ledger could not take (a full
// disk): its records stay in flight there, which the next run takes for in
// doubt, so they are counted and reported in doubt now, and the run halts
// saying what to do.
func (e *engine) unrecorded(c flow.Call, st ledger.State, werr error) {
	n := len(c.Records)
	e.count(func(s *Summary) { s.InDoubt += n })
	outcome := "sent and answered (" + string(st) + ")"
	if st == ledger.Pending {
		outcome = "not applied by Clio (pending)"
	}
	for _, r := range c.Records {
		e.emit(RecordFailed{Pos: r.Pos, Line: r.Line, Key: r.Key, State: string(ledger.InDoubt),
			Message: fmt.Sprintf("%s, but that could not be recorded in the ledger: in doubt until retry --in-doubt looks it up in Clio", outcome)})
	}
	e.halt(e.ledgerAdvice(fmt.Errorf("recording the outcome of records %s (%s): %w", refs(c.Records), st, werr)))
}

// ledgerAdvice adds what to do to a ledger write that failed for want of
// disk space (or a read-only disk); other errors are returned as they are.
func (e *engine) ledgerAdvice(err error) error {
	if !ledger.IsDiskProblem(err) {
		return err
	}
	mode := e.o.Mode
	if mode == "" {
		mode = ledger.ModeActivate
	}
	return fmt.Errorf("%w; free space on the ledger's disk (or make it writable) and run %s again: records whose outcome could not be recorded are in doubt, and retry --in-doubt looks them up in Clio", err, mode)
}
