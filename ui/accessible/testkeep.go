package accessible

import (
	"context"
	"fmt"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/ledger"
)

// keepOrUndo asks, after a test send of record rec (1-based) that created
// an object, whether to keep it as the record's delivery (flow/deliver,
// testsend.go) or undo the test (delete the object in Clio). A kept object
// is recorded in the ledger at once when the destination has a file, else
// when the Save step writes it. p is the planner without lookups.
func (j *journey) keepOrUndo(ctx context.Context, p *flow.Planner, rec int, res flow.TestResult) error {
	id := deliver.CreatedID(p, res)
	if id == 0 {
		if res.Accepted() {
			j.p.say("This request creates nothing: activation sends record %d again (an update is the same change made twice).", rec)
		}
		return nil
	}
	n, err := j.p.choose(fmt.Sprintf("Clio object %d was created. Keep it as record %d's delivery (activation then skips the record while it is unchanged), or undo the test?", id, rec),
		[]string{"Keep it", "Undo: delete it in Clio"}, 0)
	if err != nil {
		return err
	}
	if n == 1 {
		if err := deliver.DeleteObject(ctx, p, j.conn.Client, id); err != nil {
			j.p.say("Not undone: %v", err)
			return nil
		}
		j.p.say("Undone: Clio object %d was deleted; activation creates record %d.", id, rec)
		return nil
	}
	kept := deliver.KeptTest{Rec: j.recs[rec-1], Result: res}
	if !j.edit {
		j.kept = append(j.kept, kept)
		j.p.say("Kept: the ledger records Clio object %d as record %d's delivery when the destination is saved.", id, rec)
		return nil
	}
	j.p.say("%s", j.recordKept(j.o.EditPath, p, []deliver.KeptTest{kept}))
	return nil
}

// recordKept records kept test sends in the ledger of the destination file
// and says what activation will do with them.
func (j *journey) recordKept(file string, p *flow.Planner, kept []deliver.KeptTest) string {
	l, _, err := j.o.Index.OpenLedger(destindex.Run{Dest: ledger.Identity{ID: j.d.ID, Name: j.d.Name},
		File: file, Ledger: ledger.DefaultPath(file), Host: j.conn.Host.String(), Now: time.Now()})
	if err != nil {
		return fmt.Sprintf("The test object(s) were not recorded in the ledger (%v): activation creates those records again.", err)
	}
	defer l.Close()
	sent, err := deliver.RecordKeptTests(l, p, kept)
	if err != nil {
		return fmt.Sprintf("The test object(s) were not recorded in the ledger (%v): activation creates those records again.", err)
	}
	if len(sent) == 1 {
		return sent[0].TestMeaning()
	}
	return fmt.Sprintf("The ledger records the %d test objects as their records' deliveries: activation skips those records while they are unchanged.", len(sent))
}

// recordKeptAtSave records the tests kept before the destination had a
// file, once it is saved at path.
func (j *journey) recordKeptAtSave(path string) {
	if len(j.kept) == 0 {
		return
	}
	p, err := j.d.PlanOn(j.conn.Host)
	if err != nil {
		j.p.say("The test object(s) were not recorded in the ledger (%v): activation creates those records again.", err)
		return
	}
	j.p.say("%s", j.recordKept(path, p, j.kept))
	j.kept = nil
}
