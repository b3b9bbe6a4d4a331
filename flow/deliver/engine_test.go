package deliver

import (
	"context"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

func TestDeliverThenResumeSendsNothing(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := activityDest(t, 40, nil)
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered != 40 || s.Failed != 0 || s.Requests != 40 || s.Records != 40 {
		t.Fatalf("first run: %+v", s)
	}
	created := e.sb.Created("activities")
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Skipped != 40 || s.Requests != 0 || s.Delivered != 0 {
		t.Fatalf("second run: %+v", s)
	}
	if got := e.sb.Created("activities"); got != created {
		t.Fatalf("second run created %d objects", got-created)
	}
	counts, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if counts[ledger.Delivered] != 40 {
		t.Fatalf("ledger counts %v", counts)
	}
}
