package ledger

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// seedCrash leaves l as a run that died mid-flight would: a delivered
// record, a POST and a PATCH marked in flight without an answer.
func seedCrash(t *testing.T, l *Ledger) {
	t.Helper()
	run, err := l.StartRun(ModeActivate)
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		l.MarkInFlight([]Entry{{Key: "done", Pos: 1, Method: "POST", Run: run}}),
		l.Record([]Outcome{{Key: "done", State: Delivered, HTTPStatus: 201, ClioID: 5}}),
		l.MarkInFlight([]Entry{
			{Key: "post", Pos: 2, Method: "POST", URL: "https://app.clio.com/api/v4/activities.json", Run: run},
			{Key: "patch", Pos: 3, Method: "PATCH", URL: "https://app.clio.com/api/v4/tasks/9.json", Run: run},
		}),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("seed step %d: %v", i, err)
		}
	}
}

// checkRecovered reopens path and checks what a new run finds.
func checkRecovered(t *testing.T, path string) {
	t.Helper()
	l, err := Open(path, testDest)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer l.Close()

	last, err := l.LastRun()
	if err != nil || last == nil {
		t.Fatalf("LastRun = %v, %v", last, err)
	}
	if !last.Interrupted || last.Finished {
		t.Errorf("crashed run: Interrupted=%v Finished=%v, want true, false", last.Interrupted, last.Finished)
	}
	n, err := l.RecoverInFlight()
	if err != nil || n != 2 {
		t.Fatalf("RecoverInFlight = %d, %v; want 2", n, err)
	}
	doubt, err := l.List(InDoubt, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(doubt) != 2 || doubt[0].Key != "post" || doubt[0].Method != "POST" || doubt[1].Key != "patch" || doubt[1].Method != "PATCH" {
		t.Fatalf("in doubt = %+v, want post (POST) then patch (PATCH)", doubt)
	}
	for _, e := range doubt { // status --in-doubt says why, not an empty message
		if e.ErrMessage != InFlightLost {
			t.Errorf("%s: message %q, want %q", e.Key, e.ErrMessage, InFlightLost)
		}
	}
	if doubt[1].URL != "https://app.clio.com/api/v4/tasks/9.json" || doubt[1].Attempts != 1 {
		t.Errorf("patch entry = %+v", doubt[1])
	}
	if e := mustGet(t, l, "done"); e.State != Delivered || e.ClioID != 5 {
		t.Errorf("delivered record changed: %+v", e)
	}
	if n, err := l.RecoverInFlight(); err != nil || n != 0 {
		t.Errorf("second RecoverInFlight = %d, %v; want 0", n, err)
	}
}

func TestCrashCloseWithoutRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.ledger.db")
	l, err := Open(path, testDest)
	if err != nil {
		t.Fatal(err)
	}
	seedCrash(t, l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	checkRecovered(t, path)
}

// TestCrashProcessExit kills a real process between MarkInFlight and Record:
// no Close, no checkpoint, only what the acked commits left in the WAL.
func TestCrashProcessExit(t *testing.T) {
	if path := os.Getenv("LEDGER_CRASH_PATH"); path != "" {
		l, err := Open(path, testDest)
		if err != nil {
			t.Fatal(err)
		}
		seedCrash(t, l)
		os.Exit(3) // die with the requests "on the wire"
	}
	path := filepath.Join(t.TempDir(), "d.ledger.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashProcessExit$")
	cmd.Env = append(os.Environ(), "LEDGER_CRASH_PATH="+path)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("want the WAL a crashed process leaves: %v", err)
	}
	checkRecovered(t, path)
}
