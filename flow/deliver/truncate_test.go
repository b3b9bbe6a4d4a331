package deliver

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestNexsetTruncatedUnderARun: the file is cut while the run reads it. The
// run stops with an error naming the file, and only records Clio answered
// are delivered in the ledger.
func TestNexsetTruncatedUnderARun(t *testing.T) {
	d, file := activityDest(t, 5000, nil)
	path := d.NexsetPath()
	sb, c := sandboxBefore(t, sandbox.Config{RateLimit: -1}, func(n int) {
		if n == 1 {
			if err := os.Truncate(path, 1500*90); err != nil {
				t.Error(err)
			}
		}
	})
	l := openLedger(t, d, file)
	s, err := Run(context.Background(), Options{Destination: d, Client: c, Ledger: l, Concurrency: 1})
	var ce *NexsetChangedError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "changed while it was being delivered") || !strings.Contains(err.Error(), "records.jsonl") {
		t.Fatalf("err = %v", err)
	}
	counts, _ := l.Counts()
	if counts[ledger.Delivered] != sb.Created("activities") || counts[ledger.InFlight] != 0 || !s.Interrupted {
		t.Fatalf("ledger %v, created %d, summary %+v", counts, sb.Created("activities"), s)
	}
}
