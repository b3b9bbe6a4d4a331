package cmd

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
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
	var got *retryOptions
	c := newRetryCmd(newTestFactory(t, nil).f, func(_ context.Context, o *retryOptions) error {
		got = o
		return nil
	})
	c.SetArgs([]string{"--in-doubt", "--concurrency", "3", "--on-change", "skip", "--ledger", "l.db", "d.yaml"})
	c.SetOut(io.Discard)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.file != "d.yaml" || !got.inDoubt || got.overwrite || got.concurrency != 3 || got.onChange != "skip" || got.ledgerPath != "l.db" {
		t.Fatalf("options %+v", got)
	}
	got = nil
	c = newRetryCmd(newTestFactory(t, nil).f, func(_ context.Context, o *retryOptions) error {
		got = o
		return nil
	})
	c.SetArgs([]string{"--concurrency", "0", "d.yaml"})
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	if err := c.Execute(); err == nil || got != nil {
		t.Fatalf("--concurrency 0: err %v, ran %v", err, got != nil)
	}
}
