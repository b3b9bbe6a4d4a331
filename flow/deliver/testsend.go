package deliver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// A test send that creates an object is its record's delivery: the ledger
// keeps the object's Clio ID and the fingerprint of what was sent, so an
// activation skips the record when it is unchanged and updates the object
// (as on_change says) when the record differs from what the test sent, an
// edited body included. Nothing here sends: flow/session's TestSend sends
// while it holds the destination's lock (AcquireLock), so no activation
// runs between the request and its record.

// TestSent is what a test send left in the ledger, for the words that say
// what activation will do with the record.
type TestSent struct {
	Recorded bool   // the object is the record's delivery in the ledger
	Key      string // the record's key
	ClioID   int64  // the object the test made; 0 when none is known
	Edited   bool   // the body sent differs from the record's: activation updates the object (Rule)
	Rule     flowsync.OnChange
	// Why the test is not the record's delivery, when Recorded is false:
	// the request creates nothing, Clio refused it, or the record was
	// delivered (or is in doubt) already, so the object is a second one.
	Why string
}

// TestMeaning says in one sentence what activation will do after the test.
func (t TestSent) TestMeaning() string {
	switch {
	case t.Recorded && !t.Edited:
		return fmt.Sprintf("The ledger keeps Clio object %d as this record's delivery: activation skips the record while it is unchanged, and updates the object if it changes.", t.ClioID)
	case t.Recorded && t.Rule == flowsync.Update:
		return fmt.Sprintf("The ledger keeps Clio object %d as this record's delivery; the body sent was edited, so activation updates the object to match the record.", t.ClioID)
	case t.Recorded:
		return fmt.Sprintf("The ledger keeps Clio object %d as this record's delivery; the body sent was edited, and activation handles the record as changed (on_change %s).", t.ClioID, t.Rule)
	}
	return t.Why
}

// RecordTestSend records a test send of rec (the request and Clio's answer
// in res) in l, when it created an object: p is the destination's planner
// (without lookups), edited whether the body sent was edited by hand. The
// caller holds the destination's lock. A request that is not a create, or
// that Clio refused, records nothing.
func RecordTestSend(l *ledger.Ledger, p *flow.Planner, rec nexset.Record, res flow.TestResult, edited bool) (TestSent, error) {
	t := TestSent{Edited: edited, Rule: p.ChangeRule()}
	if res.Call.Method != http.MethodPost || p.Method() != http.MethodPost {
		t.Why = "This request creates nothing: activation sends the record again (an update is the same change made twice)."
		return t, nil
	}
	if !res.Accepted() {
		t.Why = "Clio refused the request: nothing was created, and activation sends this record."
		return t, nil
	}
	it, fail := p.Prepare(rec)
	if fail != nil {
		return t, fmt.Errorf("record %d: %w", rec.Pos, fail)
	}
	t.Key = it.Ref.Key
	t.ClioID = clioIDs(res.Body, 1)[0]
	if t.ClioID == 0 {
		t.Why = "Clio's answer shows no object ID: activation cannot tell the object from a new one and sends this record again; delete the test object in Clio if it is not wanted."
		return t, nil
	}
	print := it.Print()
	if edited {
		if sent := sentPrint(res.Call.Body, it.Custom != nil); sent != "" {
			print = sent
		} else {
			print = "edited"
		}
		t.Edited = print != it.Print()
	}
	err := l.TestDelivered(ledger.Entry{Key: it.Ref.Key, Pos: it.Ref.Pos, Line: it.Ref.Line, Method: res.Call.Method, URL: res.Call.URL,
		HTTPStatus: res.Status, ClioID: t.ClioID, ContentHash: it.Ref.Hash, Fingerprint: print, ETag: etagsOf(res.Body, 1)[0]})
	var se *ledger.StateError
	if errors.As(err, &se) {
		t.Why = fmt.Sprintf("Record %d is %s in the ledger already, so Clio object %d is a second object that activation leaves alone: delete it in Clio if it is not wanted.", rec.Pos, se.State, t.ClioID)
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("recording the test send in the ledger (Clio object %d was created): %w", t.ClioID, err)
	}
	t.Recorded = true
	if s, _, ok := p.FindSpec(); ok {
		// find_by: the next activation finds the test's object for this value.
		if err := rememberCreated(l, s, it, t.ClioID); err != nil {
			return t, err
		}
	}
	return t, nil
}

// sentPrint is the fingerprint of a body as sent (its data object when
// wrapped), "" when it is no JSON object. With custom fields (custom), the
// body's custom_field_values name fields by the IDs looked up, which a
// record's fingerprint holds by name: a body that sends any differs from
// the record, so activation updates the object to what the record gives.
func sentPrint(body []byte, custom bool) string {
	var v map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return ""
	}
	if data, ok := v["data"].(map[string]any); ok && len(v) == 1 {
		v = data
	}
	if custom {
		return flowsync.CustomFingerprint(v, nil)
	}
	return flowsync.Fingerprint(v)
}

// UndoTestSend deletes the object a test send of rec made (the collection's
// delete in Clio's catalogue) and forgets it in the ledger, so activation
// creates the record again. The caller holds the destination's lock. An
// object Clio no longer has (404) is forgotten too. It returns the deleted
// object's Clio ID.
func UndoTestSend(ctx context.Context, l *ledger.Ledger, p *flow.Planner, c *clio.Client, rec nexset.Record) (int64, error) {
	it, fail := p.Prepare(rec)
	if fail != nil {
		return 0, fmt.Errorf("record %d: %w", rec.Pos, fail)
	}
	ent, ok, err := l.TestObject(it.Ref.Key)
	if err != nil {
		return 0, fmt.Errorf("reading the ledger: %w", err)
	}
	if !ok {
		return 0, noTestSend(l, rec.Pos, it.Ref.Key)
	}
	if err := DeleteObject(ctx, p, c, ent.ClioID); err != nil {
		return 0, fmt.Errorf("%w; the ledger still keeps it as record %d's delivery", err, rec.Pos)
	}
	if err := l.ForgetTest(it.Ref.Key); err != nil {
		return 0, fmt.Errorf("the ledger could not forget Clio object %d, which was deleted: %w", ent.ClioID, err)
	}
	return ent.ClioID, nil
}

// noTestSend explains why a record has no test send to undo.
func noTestSend(l *ledger.Ledger, pos int, key string) error {
	ent, known, err := l.Get(key)
	switch {
	case err != nil:
		return fmt.Errorf("reading the ledger: %w", err)
	case !known:
		return fmt.Errorf("record %d (key %s) has no test send in the ledger: nothing to undo", pos, key)
	case ent.State == ledger.Delivered:
		return fmt.Errorf("record %d (key %s) was delivered by an activation as Clio object %d, not by a test send that nothing touched since: nothing undone (delete it in Clio if it must go)", pos, key, ent.ClioID)
	}
	return fmt.Errorf("record %d (key %s) is %s in the ledger, not delivered by a test send: nothing to undo", pos, key, ent.State)
}

// DeleteObject deletes Clio object id of the collection the destination
// creates in (the catalogue's delete). An object Clio no longer has (404)
// is gone as asked: no error.
func DeleteObject(ctx context.Context, p *flow.Planner, c *clio.Client, id int64) error {
	call, err := p.DeleteCall(id)
	if err != nil {
		return fmt.Errorf("object %d cannot be deleted from here (%w): delete it in Clio", id, err)
	}
	if _, err := c.Do(ctx, call.Request()); err != nil {
		var ae *clio.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
			return fmt.Errorf("deleting Clio object %d: %w", id, err)
		}
	}
	return nil
}

// KeptTest is a test send kept as its record's delivery before the
// destination has a ledger (the wizard, before the file is saved): it is
// recorded by RecordKeptTests once there is one.
type KeptTest struct {
	Rec    nexset.Record
	Result flow.TestResult
	Edited bool
}

// CreatedID is the Clio ID of the object a test send created, 0 when it
// created none (not a create of the destination, refused, or no ID shown).
func CreatedID(p *flow.Planner, res flow.TestResult) int64 {
	if res.Call.Method != http.MethodPost || p.Method() != http.MethodPost || !res.Accepted() {
		return 0
	}
	return clioIDs(res.Body, 1)[0]
}

// RecordKeptTests records kept test sends in l, holding the destination's
// lock while it writes (refused while an activation runs).
func RecordKeptTests(l *ledger.Ledger, p *flow.Planner, kept []KeptTest) ([]TestSent, error) {
	if len(kept) == 0 {
		return nil, nil
	}
	lock, err := AcquireLock(LockPath(l.Path()))
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	out := make([]TestSent, 0, len(kept))
	for _, k := range kept {
		t, err := RecordTestSend(l, p, k.Rec, k.Result, k.Edited)
		if err != nil {
			return out, err
		}
		out = append(out, t)
	}
	return out, nil
}
