package session

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// Check plans every record and sends nothing: before the first activation
// against a throw-away ledger, gone once the run is over, and leaves no
// ledger beside the file; afterwards against the destination's ledger, so
// the records delivered are skipped.
func TestCheck(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	dir := t.TempDir()
	file := writeActivities(t, dir, 4)
	s := ts.session()
	run, err := s.Check(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Dir(run.Ledger().Path())
	res, err := run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if run.Mode != ledger.ModeDryRun || res.Records != 4 || res.Skipped != 0 || ts.sb.Created("activities") != 0 {
		t.Errorf("first check: mode %s, %+v, created %d", run.Mode, res.Summary, ts.sb.Created("activities"))
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the throw-away ledger's directory %s is left: %v", tmp, err)
	}
	if _, err := os.Stat(ledger.DefaultPath(file)); !os.IsNotExist(err) {
		t.Errorf("the check made the ledger beside the file: %v", err)
	}

	a, err := s.Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Go(context.Background()); err != nil {
		t.Fatal(err)
	}
	run, err = s.Check(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	res, err = run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != 4 || ts.sb.Created("activities") != 4 {
		t.Errorf("check after activation: %+v, created %d", res.Summary, ts.sb.Created("activities"))
	}
}
