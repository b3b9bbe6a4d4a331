package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// A test send that created an object is kept as its record's delivery
// (flow/deliver, testsend.go): recorded in the ledger at once when the
// destination has a file, else when the Save step writes it. u undoes it:
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

// openLedger opens the ledger of the destination file through the index.
func (env *stepEnv) openLedger(file string) (*ledger.Ledger, error) {
	l, _, err := env.o.Index.OpenLedger(destindex.Run{Dest: ledger.Identity{ID: env.d.ID, Name: env.d.Name},
		File: file, Ledger: ledger.DefaultPath(file), Host: env.conn.host.String(), Now: time.Now()})
	return l, err
}

// keepTest keeps the object a test send of rec created as the record's
// delivery, and says what activation will do with the record.
func (s *testStep) keepTest(env *stepEnv, rec nexset.Record, res flow.TestResult, edited bool) {
	s.kept = nil
	id := deliver.CreatedID(s.plain, res)
	if id == 0 {
		return
	}
	k := &testKept{id: id, rec: s.rec + 1}
	s.kept = k
	kt := deliver.KeptTest{Rec: rec, Result: res, Edited: edited}
	file := env.ledgerFile()
	if file == "" {
		env.keptTests = append(env.keptTests, kt)
		k.says = fmt.Sprintf("Kept as record %d's delivery: the ledger records Clio object %d when you save, and activation then skips the record while it is unchanged.", k.rec, id)
		return
	}
	l, err := env.openLedger(file)
	if err != nil {
		k.says = "Not recorded in the ledger (" + err.Error() + "): activation would send this record again; u deletes the test object."
		return
	}
	defer l.Close()
	sent, err := deliver.RecordKeptTests(l, s.plain, []deliver.KeptTest{kt})
	switch {
	case err != nil:
		k.says = "Not recorded in the ledger (" + err.Error() + "): activation would send this record again; u deletes the test object."
	case len(sent) == 1:
		k.recorded, k.says = sent[0].Recorded, sent[0].TestMeaning()
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
	p, c, rec, file := s.plain, env.conn.client, env.recs[k.rec-1], env.ledgerFile()
	if !k.recorded {
		env.keptTests = dropKept(env.keptTests, p, k.id)
	}
	ctx, open := env.ctx, env.openLedger
	return func() tea.Msg {
		if !k.recorded {
			return testUndoneMsg{id: k.id, err: deliver.DeleteObject(ctx, p, c, k.id)}
		}
		l, err := open(file)
		if err != nil {
			return testUndoneMsg{id: k.id, err: err}
		}
		defer l.Close()
		lock, err := deliver.AcquireLock(deliver.LockPath(l.Path()))
		if err != nil {
			return testUndoneMsg{id: k.id, err: err}
		}
		defer lock.Release()
		_, err = deliver.UndoTestSend(ctx, l, p, c, rec)
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
	p, err := env.d.PlanOn(env.conn.host)
	if err == nil {
		var l *ledger.Ledger
		if l, err = env.openLedger(file); err == nil {
			_, err = deliver.RecordKeptTests(l, p, env.keptTests)
			l.Close()
		}
	}
	n := len(env.keptTests)
	env.keptTests = nil
	if err != nil {
		return fmt.Sprintf("The %d test object(s) were not recorded in the ledger (%v): activation creates those records again.", n, err)
	}
	return fmt.Sprintf("The ledger records the %d test object(s) as their records' deliveries.", n)
}
