package accessible

import (
	"context"
	"fmt"

	"github.com/cliodest/cliodest/flow/session"
)

// keepOrUndo asks, after a test send of record rec (1-based) that created
// an object, whether to keep it as the record's delivery or undo the test
// (delete the object in Clio). session.TestSend has already recorded it in
// the ledger when the destination has a file; a new destination's kept
// objects are recorded when the Save step writes it.
func (j *journey) keepOrUndo(ctx context.Context, t session.Test, rec int, out session.Tested) error {
	id := out.Created
	if id == 0 {
		if out.Accepted() {
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
		object := id // no ledger keeps it
		if out.Ledger != nil && out.Ledger.Recorded {
			object = 0
		}
		if _, err := j.o.Session().UndoTest(ctx, &j.conn, t, object); err != nil {
			j.p.say("Not undone: %v", err)
			return nil
		}
		j.p.say("Undone: Clio object %d was deleted; activation creates record %d.", id, rec)
		return nil
	}
	switch {
	case out.Pending != nil:
		j.kept = append(j.kept, *out.Pending)
		j.p.say("Kept: the ledger records Clio object %d as record %d's delivery when the destination is saved.", id, rec)
	case out.LedgerErr != nil:
		j.p.say("%s", notRecorded(out.LedgerErr))
	case out.Ledger != nil:
		j.p.say("%s", out.Ledger.TestMeaning())
	}
	return nil
}

// recordKeptAtSave records the tests kept before the destination had a
// file, once it is saved at path, and says what activation will do with
// them.
func (j *journey) recordKeptAtSave(path string) {
	if len(j.kept) == 0 {
		return
	}
	sent, err := j.o.Session().KeepTests(j.d, path, j.conn.Host, j.kept)
	j.kept = nil
	switch {
	case err != nil:
		j.p.say("%s", notRecorded(err))
	case len(sent) == 1:
		j.p.say("%s", sent[0].TestMeaning())
	default:
		j.p.say("The ledger records the %d test objects as their records' deliveries: activation skips those records while they are unchanged.", len(sent))
	}
}

func notRecorded(err error) string {
	return fmt.Sprintf("The test object(s) were not recorded in the ledger (%v): activation creates those records again.", err)
}
