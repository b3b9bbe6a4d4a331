package deliver

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestTotalBeforeFinished: every run of a small Nexset — dry or real, from
// a file or from standard input — says how many records it holds before it
// finishes, and says nothing after Finished.
func TestTotalBeforeFinished(t *testing.T) {
	tests := []struct {
		name  string
		mode  string
		stdin bool
	}{
		{"dry run, file", ledger.ModeDryRun, false},
		{"activate, file", ledger.ModeActivate, false},
		{"dry run, standard input", ledger.ModeDryRun, true},
		{"activate, standard input", ledger.ModeActivate, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 12
			e := startSandbox(t, sandbox.Config{RateLimit: -1})
			d, file := activityDest(t, n, nil)
			l := openLedger(t, d, file)
			o := Options{Destination: d, Client: e.client, Ledger: l, Mode: tt.mode}
			if tt.mode == ledger.ModeDryRun {
				o.Client = nil
			}
			if tt.stdin {
				data, err := os.ReadFile(d.NexsetPath())
				if err != nil {
					t.Fatal(err)
				}
				d.Nexset.Path, o.Stdin = "-", strings.NewReader(string(data))
			}
			var mu sync.Mutex
			var names []string
			total, finished := -1, false
			o.Events = func(ev Event) {
				mu.Lock()
				defer mu.Unlock()
				if finished {
					t.Errorf("%T after Finished", ev)
				}
				switch ev := ev.(type) {
				case Total:
					total = ev.Records
					names = append(names, "total")
				case Finished:
					finished = true
					names = append(names, "finished")
				}
			}
			s := run(t, context.Background(), o)
			mu.Lock()
			defer mu.Unlock()
			if !finished || total != n {
				t.Fatalf("events %v: total %d before Finished, want %d (summary %+v)", names, total, n, s)
			}
		})
	}
}
