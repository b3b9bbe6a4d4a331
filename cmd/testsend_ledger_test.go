package cmd

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// apiCalls lists the API requests the sandbox saw after the first n, as
// "METHOD path".
func (ds *deliverSandbox) apiCalls(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for _, e := range ds.log.entries(t)[n:] {
		if strings.HasPrefix(e.Path, "/api/v4/") && !strings.HasSuffix(e.Path, "who_am_i.json") {
			out = append(out, e.Method+" "+e.Path)
		}
	}
	return out
}

// objectNote reads the note of an activity in the sandbox.
func (ds *deliverSandbox) objectNote(t *testing.T, id int64) (string, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v4/activities/%d.json?fields=note", ds.url, id), nil)
	req.Header.Set("Authorization", "Bearer "+ds.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.StatusCode
}

func ledgerRow(t *testing.T, file, key string) (ledger.Entry, bool) {
	t.Helper()
	return ledgerRowAt(t, file, ledger.DefaultPath(file), key)
}

// ledgerRowAt is ledgerRow of the destination's ledger at path.
func ledgerRowAt(t *testing.T, file, path, key string) (ledger.Entry, bool) {
	t.Helper()
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Open(path, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e, ok, err := l.Get(key)
	if err != nil {
		t.Fatal(err)
	}
	return e, ok
}

// TestTestSendIsTheDelivery: a record test-sent and then activated exists
// once in Clio; a test body edited by hand is corrected by the next
// activation's PATCH; test --undo deletes the test's object and forgets it,
// so activation creates the record; a test waits for no activation.
func TestTestSendIsTheDelivery(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 3, nil)

	code, out, errOut := runCmd(t, ds.env(t), "test", "--record", "1", file)
	if code != 0 || !strings.Contains(out, "activation skips the record while it is unchanged") || !strings.Contains(out, "test --undo --record 1") {
		t.Fatalf("test record 1: exit %d\n%s%s", code, out, errOut)
	}
	r1, ok := ledgerRow(t, file, "R1")
	if !ok || r1.State != ledger.Delivered || r1.ClioID == 0 || r1.Fingerprint == "" {
		t.Fatalf("R1 after its test: %+v %v", r1, ok)
	}

	// Record 2: an edited body (another note) is sent by the test.
	payload := filepath.Join(dir, "edited.json")
	if err := os.WriteFile(payload, []byte(`{"data":{"type":"TimeEntry","date":"2024-03-04","quantity":3600,"note":"typed by hand","matter":{"id":3001}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, ds.env(t), "test", "--record", "2", "--payload", payload, file)
	if code != 0 || !strings.Contains(out, "activation updates the object to match the record") {
		t.Fatalf("test record 2 edited: exit %d\n%s%s", code, out, errOut)
	}
	r2, _ := ledgerRow(t, file, "R2")
	if note, _ := ds.objectNote(t, r2.ClioID); !strings.Contains(note, "typed by hand") {
		t.Fatalf("R2's object after the test: %s", note)
	}

	// Record 3: tested, then undone.
	if code, out, errOut := runCmd(t, ds.env(t), "test", "--record", "3", file); code != 0 {
		t.Fatalf("test record 3: exit %d\n%s%s", code, out, errOut)
	}
	r3, _ := ledgerRow(t, file, "R3")
	before := len(ds.log.entries(t))
	code, out, errOut = runCmd(t, ds.env(t), "test", "--undo", "--record", "3", file)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("Deleted Clio object %d", r3.ClioID)) {
		t.Fatalf("test --undo: exit %d\n%s%s", code, out, errOut)
	}
	if calls := ds.apiCalls(t, before); len(calls) != 1 || calls[0] != fmt.Sprintf("DELETE /api/v4/activities/%d.json", r3.ClioID) {
		t.Fatalf("undo sent %v", calls)
	}
	if _, ok := ledgerRow(t, file, "R3"); ok {
		t.Fatal("R3 still in the ledger after --undo")
	}
	if _, status := ds.objectNote(t, r3.ClioID); status != http.StatusNotFound {
		t.Fatalf("R3's object after --undo: status %d", status)
	}
	// Undoing what is no test send refuses, naming why.
	if code, _, errOut := runCmd(t, ds.env(t), "test", "--undo", "--record", "3", file); code != exitFailed || !strings.Contains(errOut, "no test send in the ledger") {
		t.Fatalf("second --undo: exit %d: %s", code, errOut)
	}

	// Activation: R1 skipped (unchanged), R2 updated to the record, R3 created.
	before = len(ds.log.entries(t))
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", file}); code != 0 {
		t.Fatalf("activate: exit %d: %s%s", code, tio.out, tio.errOut)
	}
	calls := ds.apiCalls(t, before)
	want := map[string]bool{fmt.Sprintf("PATCH /api/v4/activities/%d.json", r2.ClioID): true, "POST /api/v4/activities.json": true}
	if len(calls) != 2 || !want[calls[0]] || !want[calls[1]] || calls[0] == calls[1] {
		t.Fatalf("activation sent %v, want one PATCH of R2's object and one create", calls)
	}
	if note, _ := ds.objectNote(t, r2.ClioID); !strings.Contains(note, "record R2") || strings.Contains(note, "typed by hand") {
		t.Fatalf("R2's object after activation: %s", note)
	}
	// R3 was created by its test (deleted by --undo) and by activation.
	if got := ds.log.createsPerNote(t); got["record R1"] != 1 || got["typed by hand"] != 1 || got["record R2"] != 0 || got["record R3"] != 2 {
		t.Fatalf("creates per note: %v", got)
	}
	if r1b, _ := ledgerRow(t, file, "R1"); r1b.ClioID != r1.ClioID {
		t.Fatalf("R1 is object %d after activation, the test made %d", r1b.ClioID, r1.ClioID)
	}
	// A test of a delivered record makes a second object, and says so.
	code, out, _ = runCmd(t, ds.env(t), "test", "--record", "1", file)
	if code != 0 || !strings.Contains(out, "is delivered in the ledger already") {
		t.Fatalf("test of a delivered record: exit %d\n%s", code, out)
	}

	// While an activation holds the destination, a test is refused before sending.
	lock, err := deliver.AcquireLock(deliver.LockPath(ledger.DefaultPath(file)))
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	before = len(ds.log.entries(t))
	code, _, errOut = runCmd(t, ds.env(t), "test", "--record", "2", file)
	if code != exitFailed || !strings.Contains(errOut, "being delivered") || len(ds.apiCalls(t, before)) != 0 {
		t.Fatalf("test during an activation: exit %d: %s (%v)", code, errOut, ds.apiCalls(t, before))
	}
}

// TestTestSendLedgerFlag: test --ledger records the test send in that
// ledger (none is made beside the destination), its undo hint names it, and
// an activation with the same --ledger skips the tested record.
func TestTestSendLedgerFlag(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 2, nil)
	other := filepath.Join(t.TempDir(), "elsewhere.ledger.db")

	code, out, errOut := runCmd(t, ds.env(t), "test", "--record", "1", "--ledger", other, file)
	if code != 0 || !strings.Contains(out, "test --undo --record 1 --ledger "+other+" ") {
		t.Fatalf("test --ledger: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(ledger.DefaultPath(file)); !os.IsNotExist(err) {
		t.Fatalf("a ledger was made beside the destination: %v", err)
	}
	r1, ok := ledgerRowAt(t, file, other, "R1")
	if !ok || r1.State != ledger.Delivered || r1.ClioID == 0 {
		t.Fatalf("R1 in %s: %+v %v", other, r1, ok)
	}

	before := len(ds.log.entries(t))
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--ledger", other, file}); code != 0 {
		t.Fatalf("activate --ledger: exit %d: %s%s", code, tio.out, tio.errOut)
	}
	if calls := ds.apiCalls(t, before); len(calls) != 1 || calls[0] != "POST /api/v4/activities.json" {
		t.Fatalf("activation after the test sent %v, want R2's create alone", calls)
	}
	if got := ds.log.createsPerNote(t); got["record R1"] != 1 || got["record R2"] != 1 {
		t.Fatalf("creates per note: %v", got)
	}
}
