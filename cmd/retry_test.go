package cmd

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/deliver"
)

// TestRetryRefusesAPausedDestination: a paused destination sends nothing,
// and its pause switch would halt the retry at its first poll anyway.
func TestRetryRefusesAPausedDestination(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 4, func(i int) bool { return i == 3 })
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != exitFailed {
		t.Fatalf("activate exit %d", code)
	}
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"pause", file}); code != 0 {
		t.Fatalf("pause exit %d", code)
	}
	before := ds.sb.Created("activities")
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"retry", file}); code != exitStopped {
		t.Fatalf("retry exit %d, want %d: %s", code, exitStopped, tio.errOut)
	}
	if want := "is paused, and a paused destination sends nothing: activate it first"; !strings.Contains(tio.errOut.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, tio.errOut)
	}
	if ds.sb.Created("activities") != before {
		t.Error("retry of a paused destination sent records")
	}
}

// TestRetryFlags: retry's flags reach its options; a bad value is refused
// before anything runs.
func TestRetryFlags(t *testing.T) {
	got, err := parsed(t, nil, newRetryCmd, "--in-doubt", "--concurrency", "3", "--on-change", "skip", "--ledger", "l.db", "d.yaml")
	wantParsed(t, got, err, retryOptions{deliverFlags: deliverFlags{concurrency: 3, maxAttempts: deliver.DefaultMaxAttempts, onChange: "skip", ledgerPath: "l.db"},
		file: "d.yaml", inDoubt: true})
	got, err = parsed(t, nil, newRetryCmd, "--concurrency", "0", "d.yaml")
	refused(t, got, err)
}
