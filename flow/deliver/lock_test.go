package deliver

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestSecondRunRefusedWhileFirstHoldsLock: a run of a destination whose
// lock is held fails at once, naming the holder, and sends nothing; once
// released, the run goes through.
func TestSecondRunRefusedWhileFirstHoldsLock(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := activityDest(t, 5, nil)
	l := openLedger(t, d, file)
	held, err := AcquireLock(LockPath(l.Path()))
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{ledger.ModeActivate, ledger.ModeRetry} {
		_, err = Run(context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: mode})
		var le *LockedError
		if !errors.As(err, &le) {
			t.Fatalf("%s: err = %v, want *LockedError", mode, err)
		}
		if le.Holder.PID != os.Getpid() || !strings.Contains(err.Error(), "process "+strconv.Itoa(os.Getpid())) {
			t.Errorf("%s: %v does not name the holder %d", mode, err, os.Getpid())
		}
	}
	if n := e.sb.Created("activities"); n != 0 {
		t.Fatalf("refused runs created %d activities", n)
	}
	// A dry run sends and settles nothing: it does not need the lock.
	if _, err := Run(context.Background(), Options{Destination: d, Ledger: l, Mode: ledger.ModeDryRun}); err != nil {
		t.Fatalf("dry run: %v", err)
	}
	if err := held.Release(); err != nil {
		t.Fatal(err)
	}
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered != 5 {
		t.Fatalf("after release: %+v", s)
	}
	// The run released its lock on the way out.
	again, err := AcquireLock(LockPath(l.Path()))
	if err != nil {
		t.Fatalf("lock still held after the run: %v", err)
	}
	again.Release()
}

// TestLockOfKilledProcessTakenOver: a process holding the lock is killed
// (SIGKILL on Unix); its lock file stays, naming it, but the next run takes
// the lock over.
func TestLockOfKilledProcessTakenOver(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dest.ledger.db.lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "CLIODEST_LOCK_HELPER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe() // the helper holds the lock until killed
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "held" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	_, err = AcquireLock(path)
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != cmd.Process.Pid {
		t.Fatalf("while the helper holds it: %v (holder %+v), want the helper's PID %d", err, le, cmd.Process.Pid)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the killed holder's lock file should remain: %v", err)
	}
	l, err := AcquireLock(path)
	if err != nil {
		t.Fatalf("the killed process's lock was not taken over: %v", err)
	}
	defer l.Release()
}

// TestLockHelperProcess is the lock holder of the test above, run as a
// separate process; it does nothing in a normal test run.
func TestLockHelperProcess(t *testing.T) {
	path := os.Getenv("CLIODEST_LOCK_HELPER")
	if path == "" {
		t.Skip("helper process only")
	}
	l, err := AcquireLock(path)
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	defer l.Release()
	os.Stdout.WriteString("held\n")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until killed
	os.Exit(0)
}
