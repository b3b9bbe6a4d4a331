package session

import (
	"context"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

func TestStatus(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 3)
	rep, err := Status(context.Background(), file, StatusOptions{Count: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Activated || rep.LastRun != nil || rep.NexsetRecords != 3 || rep.NotDelivered != 3 {
		t.Fatalf("before activation: %+v", rep)
	}
	run, err := ts.session().Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run.Go(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep, err = Status(context.Background(), file, StatusOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Activated || rep.Counts[ledger.Delivered] != 3 || rep.LastRun == nil || !rep.LastRun.Finished || rep.Running {
		t.Fatalf("after activation: %+v", rep)
	}
	if rep.NexsetRecords != -1 || string(rep.Destination.Status) != "active" {
		t.Errorf("not counted: records %d, status %s", rep.NexsetRecords, rep.Destination.Status)
	}
}
