package accessible

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/internal/prompt"
	"github.com/cliodest/cliodest/ui/home"
)

// A resumed run's progress line counts the records skipped (delivered
// before), so its numbers add up to the records done.
func TestProgressLineCountsSkipped(t *testing.T) {
	var out bytes.Buffer
	p := prompt.New(t.Context(), strings.NewReader(""), &out)
	run := func(_ context.Context, _ home.RunRequest, ev func(deliver.Event)) (deliver.Summary, error) {
		ev(deliver.Progress{Done: 78, Total: 300, Delivered: 37, InDoubt: 2, Skipped: 39})
		return deliver.Summary{}, nil
	}
	runPlain(t.Context(), p, run, home.RunRequest{File: "big.yaml", Mode: home.Activate})
	if want := "78 of 300 done: 37 delivered, 0 failed, 2 in doubt, 39 skipped (delivered before)"; !strings.Contains(out.String(), want) {
		t.Errorf("progress lacks %q:\n%s", want, out.String())
	}
}
