package session

import (
	"context"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// A refused CLIODEST_TOKEN stops the run with advice about the variable,
// not about logging in: there is no saved credential to log in again to.
func TestRefusedEnvTokenAdvisesTheVariable(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 3)
	s := ts.session()
	s.Token = "refused-by-clio"
	run, err := s.Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	res, err := run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Stopped, "set a fresh CLIODEST_TOKEN") || strings.Contains(res.Stopped, "login") {
		t.Fatalf("stopped %q, want the CLIODEST_TOKEN advice", res.Stopped)
	}
	if res.Counts[ledger.Delivered] != 0 || ts.sb.Created("activities") != 0 {
		t.Fatalf("ledger %v, created %d after a refused token", res.Counts, ts.sb.Created("activities"))
	}
}
