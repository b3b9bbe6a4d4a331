package session

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/ledger/ledgertest"
)

// writeStatusLedger gives the destination at file (writeActivities', 5
// records) a ledger of one finished run: R1 delivered, R2 failed, R3 an
// edit conflict, R4 and R5 in doubt, "gone" delivered and no longer in
// the Nexset, and one key the Nexset used twice.
func writeStatusLedger(t *testing.T, file string) {
	t.Helper()
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ledger.Open(ledger.DefaultPath(file), ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	run, err := l.StartRun(ledger.ModeActivate)
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{"R1", "R2", "R3", "R4", "R5", "gone"}
	var es []ledger.Entry
	for i, k := range keys {
		es = append(es, ledger.Entry{Key: k, Pos: i + 1, Line: i + 1, Method: "POST"})
	}
	if err := l.MarkInFlight(es); err != nil {
		t.Fatal(err)
	}
	if err := l.Record([]ledger.Outcome{
		{Key: "R1", State: ledger.Delivered, HTTPStatus: 201, ClioID: 11},
		{Key: "R2", State: ledger.Failed, HTTPStatus: 422, ErrMessage: "Matter 9 does not exist"},
		{Key: "R3", State: ledger.Failed, HTTPStatus: 412, ErrType: ledger.ConflictType, ErrMessage: "note differs"},
		{Key: "R4", State: ledger.InDoubt},
		{Key: "R5", State: ledger.InDoubt},
		{Key: "gone", State: ledger.Delivered, HTTPStatus: 201, ClioID: 66},
	}); err != nil {
		t.Fatal(err)
	}
	if err := l.SetConflicts([]ledger.Conflict{{Key: "R7", Message: "key R7 is used by lines 7 and 8"}}, true); err != nil {
		t.Fatal(err)
	}
	if err := l.FinishRun(run, ledger.RunSummary{Records: 6, Delivered: 2, Failed: 2, InDoubt: 2}); err != nil {
		t.Fatal(err)
	}
}

func keysOf(es []ledger.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

// readFile is the bytes of path, to show that status left them alone.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// StatusOf lists the records of the states asked, in the order asked and
// at most Limit of each, the duplicate keys, the edit conflicts and the
// removed records, and writes nothing to the ledger.
func TestStatusLists(t *testing.T) {
	file := writeActivities(t, t.TempDir(), 5)
	writeStatusLedger(t, file)
	lp := ledger.DefaultPath(file)
	before := readFile(t, lp)
	rep, err := Status(context.Background(), file, StatusOptions{List: []ledger.State{ledger.InDoubt, ledger.Failed}, Limit: 1,
		Duplicates: true, EditConflicts: true, Removed: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Activated || rep.Counts[ledger.Delivered] != 2 || rep.Counts[ledger.Failed] != 2 || rep.Counts[ledger.InDoubt] != 2 || rep.Conflicts != 1 {
		t.Errorf("counts %v, conflicts %d", rep.Counts, rep.Conflicts)
	}
	if got := keysOf(rep.Entries); !slices.Equal(got, []string{"R4", "R2"}) {
		t.Errorf("in doubt then failed, one of each: %v", got)
	}
	if got := keysOf(rep.Of(ledger.Failed)); !slices.Equal(got, []string{"R2"}) {
		t.Errorf("Of(failed): %v", got)
	}
	if got := keysOf(rep.EditConflicts); !slices.Equal(got, []string{"R3"}) {
		t.Errorf("edit conflicts: %v", got)
	}
	if len(rep.Duplicates) != 1 || rep.Duplicates[0].Key != "R7" {
		t.Errorf("duplicate keys: %+v", rep.Duplicates)
	}
	if len(rep.Removed) != 1 || rep.Removed[0].Key != "gone" || rep.Removed[0].ClioID != 66 {
		t.Errorf("removed: %+v", rep.Removed)
	}
	if rep.LastRun == nil || !rep.LastRun.Finished || rep.LastRun.Delivered != 2 || rep.Running {
		t.Errorf("last run %+v, running %v", rep.LastRun, rep.Running)
	}

	all, err := Status(context.Background(), file, StatusOptions{List: []ledger.State{ledger.Failed, ledger.InDoubt}})
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(all.Entries); !slices.Equal(got, []string{"R2", "R3", "R4", "R5"}) {
		t.Errorf("no limit: %v", got)
	}
	if all.Duplicates != nil || all.EditConflicts != nil || all.Removed != nil {
		t.Errorf("read what was not asked: %+v %+v %+v", all.Duplicates, all.EditConflicts, all.Removed)
	}
	if !bytes.Equal(before, readFile(t, lp)) {
		t.Error("status changed the ledger file")
	}
}

// A destination never activated has no ledger, and status makes none,
// whatever it is asked to list.
func TestStatusNeverActivated(t *testing.T) {
	dir := t.TempDir()
	file := writeActivities(t, dir, 3)
	rep, err := Status(context.Background(), file, StatusOptions{Count: true, List: []ledger.State{ledger.Failed}, Limit: 10,
		Duplicates: true, EditConflicts: true, Removed: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Activated || rep.Running || rep.LastRun != nil || rep.Entries != nil || rep.Removed != nil || rep.Counts[ledger.Delivered] != 0 {
		t.Errorf("never activated: %+v", rep)
	}
	if rep.NexsetRecords != 3 || rep.NotDelivered != 3 {
		t.Errorf("counted %d, not delivered %d", rep.NexsetRecords, rep.NotDelivered)
	}
	left, err := filepath.Glob(filepath.Join(dir, "*ledger*"))
	if err != nil || len(left) != 0 {
		t.Errorf("status made ledger files: %v %v", left, err)
	}
}

// While an activation delivers (it holds the delivery lock and its
// ledger is open for writing), status reads the ledger and names the
// process; once the run ends it says so.
func TestStatusWhileActivating(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 6)
	at, release := make(chan struct{}), make(chan struct{})
	ts.onPost = func(n int) {
		if n == 3 {
			close(at)
			<-release
		}
	}
	run, err := ts.session().Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := run.Go(context.Background())
		done <- err
	}()
	<-at
	rep, err := Status(context.Background(), file, StatusOptions{List: []ledger.State{ledger.Delivered, ledger.InFlight}})
	close(release)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Activated || !rep.Running || rep.Holder.PID != os.Getpid() {
		t.Errorf("during the run: activated %v, running %v, holder %+v", rep.Activated, rep.Running, rep.Holder)
	}
	if rep.LastRun == nil || rep.LastRun.Finished || rep.LastRun.Mode != ledger.ModeActivate {
		t.Errorf("during the run, last run %+v", rep.LastRun)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	rep, err = Status(context.Background(), file, StatusOptions{List: []ledger.State{ledger.Delivered}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Running || rep.LastRun == nil || !rep.LastRun.Finished || len(rep.Entries) != 6 {
		t.Errorf("after the run: running %v, last run %+v, delivered %v", rep.Running, rep.LastRun, keysOf(rep.Entries))
	}
}

// A ledger an earlier cliodest wrote (schema 7 here) is reported as a
// current one is, and stays as it was: status does not migrate it.
func TestStatusOlderLedger(t *testing.T) {
	file := writeActivities(t, t.TempDir(), 5)
	writeStatusLedger(t, file)
	lp := ledger.DefaultPath(file)
	ledgertest.Downgrade(t, lp)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := ledger.OpenReadOnly(lp, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	_, lastErr := ro.LastRun()
	ro.Close()
	if ro.Version() != 7 || lastErr == nil {
		t.Fatalf("the fixture is not an older ledger: version %d, last run read: %v", ro.Version(), lastErr)
	}
	before := readFile(t, lp)
	rep, err := StatusOf(context.Background(), d, file, StatusOptions{List: []ledger.State{ledger.Failed, ledger.InDoubt}, EditConflicts: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.LastRun == nil || rep.LastRun.Delivered != 2 || rep.Counts[ledger.InDoubt] != 2 || len(rep.Entries) != 4 || len(rep.EditConflicts) != 1 {
		t.Errorf("older ledger: last run %+v, counts %v, entries %v, conflicts %v", rep.LastRun, rep.Counts, keysOf(rep.Entries), keysOf(rep.EditConflicts))
	}
	if !bytes.Equal(before, readFile(t, lp)) {
		t.Error("status changed the older ledger")
	}
	ro, err = ledger.OpenReadOnly(lp, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if ro.Version() != 7 {
		t.Errorf("status migrated the ledger to version %d", ro.Version())
	}
}
