package ui

import (
	"fmt"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// A record the destination's ledger holds as delivered (or in flight, or
// in doubt) already cannot take a test send as its delivery: the object
// the send creates is a second one, which activation leaves alone. The
// Test step says so before the send, not only after it.

// priorEntry is the ledger's entry for rec when the destination has a
// ledger and it holds the record in a state a test cannot take over
// (flow/session's Held); ok is false otherwise (no file yet, no ledger,
// pending or failed).
func priorEntry(env *stepEnv, p *flow.Planner, rec nexset.Record) (e ledger.Entry, ok bool) {
	file := env.ledgerFile()
	if file == "" || p == nil {
		return e, false
	}
	return session.Held(env.d, file, p, rec)
}

// secondObject says, before a create is sent, that the record is settled
// in the ledger already, so what the send creates stays a second object.
func secondObject(rec int, e ledger.Entry) string {
	held := ""
	if e.ClioID > 0 {
		held = fmt.Sprintf(" as Clio object %d", e.ClioID)
	}
	return fmt.Sprintf("Record %d is %s in the ledger already%s: the object this creates is a second one, which activation leaves alone (u deletes it after the send).",
		rec, e.State, held)
}
