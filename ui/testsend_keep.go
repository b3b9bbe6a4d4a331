package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
)

// A test send that created an object is kept as its record's delivery
// (flow/session's TestSend): recorded in the ledger at once when the
// destination has a file, else when the Save step writes it (KeepTests). u undoes it:
// the object is deleted in Clio and the ledger forgets it.

// testKept is what became of the object the last test send created.
type testKept struct {
	id       int64  // its Clio ID
	rec      int    // the record's number (1-based)
	recorded bool   // the ledger holds it (else env.keptTests does, until save)
	says     string // what activation will do, or why nothing was recorded
	undoing  bool
	undone   bool
	settled  bool // k: kept, the choice no longer offered
}

type testUndoneMsg struct {
	id  int64
	err error
}

// ledgerFile is the destination file whose ledger a test is recorded in,
// "" while the destination has none (a new one not saved yet).
func (env *stepEnv) ledgerFile() string {
	if env.savedPath != "" {
		return env.savedPath
	}
	return env.o.EditPath
}

// keepTest shows what became of the object a test send created: kept as
// the record's delivery in the ledger (session.TestSend records it), or
// among the tests the save records, with what activation will do.
func (s *testStep) keepTest(env *stepEnv, out session.Tested) {
	s.kept = nil
	if out.Created == 0 {
		return
	}
	k := &testKept{id: out.Created, rec: s.rec + 1}
	s.kept = k
	switch {
	case out.Pending != nil:
		env.keptTests = append(env.keptTests, *out.Pending)
		k.says = fmt.Sprintf("Kept as record %d's delivery: the ledger records Clio object %d when you save, and activation then skips the record while it is unchanged.", k.rec, k.id)
	case out.LedgerErr != nil:
		k.says = "Not recorded in the ledger (" + out.LedgerErr.Error() + "): activation would send this record again; u deletes the test object."
	case out.Ledger != nil:
		k.recorded, k.says = out.Ledger.Recorded, out.Ledger.TestMeaning()
	}
}

// undoTest deletes the kept object in Clio and forgets it: in the ledger
// when it is there, else among the tests the save would record.
func (s *testStep) undoTest(env *stepEnv) tea.Cmd {
	k := s.kept
	if k == nil || k.undoing || k.undone {
		return nil
	}
	k.undoing = true
	t := session.Test{Dest: env.d, File: env.ledgerFile(), Plan: s.plain, Rec: env.recs[k.rec-1]}
	object := int64(0) // the ledger keeps it
	if !k.recorded {
		env.keptTests = dropKept(env.keptTests, t.Plan, k.id)
		object = k.id
	}
	ctx, sess, conn := env.ctx, env.uses, env.conn.session()
	return func() tea.Msg {
		_, err := sess.UndoTest(ctx, conn, t, object)
		return testUndoneMsg{id: k.id, err: err}
	}
}

// undone shows how the undo went.
func (s *testStep) undone(msg testUndoneMsg) {
	k := s.kept
	if k == nil || k.id != msg.id {
		return
	}
	k.undoing = false
	if msg.err != nil {
		k.says = "Not undone: " + msg.err.Error()
		return
	}
	k.undone, k.recorded = true, false
	k.says = fmt.Sprintf("Undone: Clio object %d was deleted and the ledger does not hold it; activation creates record %d.", k.id, k.rec)
}

// dropKept removes the kept test whose object is id.
func dropKept(kept []deliver.KeptTest, p *flow.Planner, id int64) []deliver.KeptTest {
	out := kept[:0]
	for _, k := range kept {
		if deliver.CreatedID(p, k.Result) != id {
			out = append(out, k)
		}
	}
	return out
}

// recordKeptTests records the tests kept before the destination had a
// file in the ledger of the file just saved; "" when there were none.
func (env *stepEnv) recordKeptTests(file string) string {
	if len(env.keptTests) == 0 {
		return ""
	}
	_, err := env.uses.KeepTests(env.d, file, env.conn.host, env.keptTests)
	n := len(env.keptTests)
	env.keptTests = nil
	if err != nil {
		return fmt.Sprintf("The %d test object(s) were not recorded in the ledger (%v): activation creates those records again.", n, err)
	}
	return fmt.Sprintf("The ledger records the %d test object(s) as their records' deliveries.", n)
}
