package cmd

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestRetryNamesTheFile: a retry that still fails ends with commands naming
// the real destination file, never a literal FILE, also past the cap on
// listed failures.
func TestRetryNamesTheFile(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), maxFailureLines+3, func(i int) bool { return i > 1 })
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != exitFailed {
		t.Fatalf("activate exit %d", code)
	}
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"retry", file}); code != exitFailed {
		t.Fatalf("retry exit %d: %s", code, tio.errOut)
	}
	out := tio.errOut.String()
	for _, want := range []string{"… more failures: cliodest status --failed " + file + " lists them all", "see: cliodest status --failed " + file + ", fix the Nexset or the mapping, then cliodest retry " + file} {
		if !strings.Contains(out, want) {
			t.Errorf("retry lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, " FILE") {
		t.Errorf("retry names a literal FILE:\n%s", out)
	}
}
