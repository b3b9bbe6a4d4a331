package deliver

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

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

// TestSamplesDeliveredCompletely delivers every sample destination, each to
// a fresh sandbox as a newcomer would: the update samples change the
// activities and tasks the sandbox is seeded with, and a sample that builds
// on another's objects (the intake's matters on its contacts) has that one
// delivered first.
func TestSamplesDeliveredCompletely(t *testing.T) {
	names := []string{"expenses.yaml", "time-entries.yaml", "advanced-activities.yaml", "new-tasks.yaml", "task-updates.yaml", "activity-updates.yaml", "firm-time.yaml", "firm-tasks.yaml",
		"intake-contacts.yaml", "intake-matters.yaml"}
	before := map[string]string{"intake-matters.yaml": "intake-contacts.yaml"}
	all, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.yaml"))
	for _, p := range all {
		if !slices.Contains(names, filepath.Base(p)) {
			t.Errorf("sample %s is not delivered by this test: add it", p)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			e := startSandbox(t, sandbox.Config{RateLimit: -1})
			if first, ok := before[name]; ok {
				d, file := copySample(t, first)
				if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: openLedger(t, d, file)}); s.Failed != 0 || s.Delivered != s.Records {
					t.Fatalf("%s first: %+v", first, s)
				}
			}
			d, file := copySample(t, name)
			l := openLedger(t, d, file)
			s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
			if s.Records == 0 || s.Delivered != s.Records || s.Failed != 0 || s.InDoubt != 0 {
				t.Fatalf("summary %+v", s)
			}
			created, count := e.sb.Created("activities")+e.sb.Created("tasks"), e.log.entries(t)
			s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
			if s.Requests != 0 || s.Skipped != s.Records {
				t.Fatalf("second run %+v", s)
			}
			if got := e.sb.Created("activities") + e.sb.Created("tasks"); got != created {
				t.Errorf("second run created %d objects", got-created)
			}
			if got := e.log.entries(t); len(got) != len(count) {
				t.Errorf("second run sent %d requests", len(got)-len(count))
			}
		})
	}
}

// TestFaultsDeliverEverythingOnce: 20 % of requests meet a 5xx, a slow
// answer or a dropped connection. Activation leaves the POSTs whose answer
// was lost in doubt; retry --in-doubt finds those Clio created and sends the
// others. In the end every record is delivered and no note was created twice.
func TestFaultsDeliverEverythingOnce(t *testing.T) {
	const n = 300
	e := startSandbox(t, sandbox.Config{RateLimit: -1, Faults: sandbox.Faults{Seed: 7,
		ErrorRate: 0.10, DropRate: 0.05, SlowRate: 0.05, SlowDelay: 20 * time.Millisecond}})
	d, file := activityDest(t, n, nil)
	l := openLedger(t, d, file)
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Delivered+s.InDoubt != n || s.Failed != 0 {
		t.Fatalf("activation: %+v", s)
	}
	t.Logf("activation %+v", s)
	if s.InDoubt == 0 || s.Retries == 0 {
		t.Fatalf("faults did not bite: %+v", s)
	}
	doubts, err := l.List(ledger.InDoubt, 0)
	if err != nil || len(doubts) != s.InDoubt {
		t.Fatalf("in-doubt list: %d entries, %v", len(doubts), err)
	}
	for _, en := range doubts {
		if en.Method != "POST" {
			t.Fatalf("in doubt: %+v", en)
		}
	}
	// The faults stay on during the retry, so it may leave some in doubt again.
	for i := 0; i < 5; i++ {
		s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true})
		t.Logf("retry %+v", s)
		if s.InDoubt == 0 {
			break
		}
	}
	counts, _ := l.Counts()
	if counts[ledger.Delivered] != n {
		t.Fatalf("after retry --in-doubt: %v (last %+v)", counts, s)
	}
	per := creates(t, e.log)
	for i := 1; i <= n; i++ {
		note := fmt.Sprintf("record R%d", i)
		if per[note] != 1 {
			t.Errorf("%s created %d times", note, per[note])
		}
	}
}
