package home

import (
	"testing"

	"github.com/cliodest/cliodest/flow/ledger"
)

// A run that stopped because nothing could succeed says why (Clio out of
// reach, a refused token) instead of "interrupted", which reads as Ctrl-C.
func TestRunResultSaysWhyItStopped(t *testing.T) {
	cases := []struct {
		run  ledger.Run
		want string
	}{
		{ledger.Run{Finished: true, RunSummary: ledger.RunSummary{Interrupted: true, Err: "Clio cannot be reached (connection refused)"}}, "stopped: Clio cannot be reached (connection refused)"},
		{ledger.Run{Finished: true, RunSummary: ledger.RunSummary{Interrupted: true, Err: "interrupted"}}, "interrupted"},
		{ledger.Run{Finished: true, RunSummary: ledger.RunSummary{Interrupted: true}}, "interrupted"},
		{ledger.Run{Finished: true, RunSummary: ledger.RunSummary{Delivered: 4}}, "4 delivered"},
	}
	for _, c := range cases {
		if got := runResult(&c.run, false); got != c.want {
			t.Errorf("runResult(%+v) = %q, want %q", c.run.RunSummary, got, c.want)
		}
	}
}
