package deliver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestNexsetRewrittenUnderARun: the case. A 50,000-record Nexset is
// rewritten in place mid-run, same size, lines reordered. The run stops with
// "changed while it was being delivered"; every delivered key in the ledger
// holds the object created from its own record; a second run delivers the
// rest, and every record is in Clio exactly once.
func TestNexsetRewrittenUnderARun(t *testing.T) {
	n := 50_000
	if testing.Short() || raceEnabled {
		n = 5_000 // the same case, smaller: the race detector makes it ten times slower
	}
	d, file := activityDest(t, n, nil)
	path := d.NexsetPath()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	slices.Reverse(lines)
	reordered := strings.Join(lines, "")
	if len(reordered) != len(data) {
		t.Fatal("the reordered file must keep the size")
	}

	log := &syncBuffer{}
	sb, c := sandboxBefore(t, sandbox.Config{RateLimit: -1, Log: log}, func(n int) {
		if n != 300 {
			return
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		if _, err := f.WriteAt([]byte(reordered), 0); err != nil {
			t.Error(err)
		}
	})
	l := openLedger(t, d, file)

	_, err = Run(context.Background(), Options{Destination: d, Client: c, Ledger: l})
	var ce *NexsetChangedError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "changed while it was being delivered") {
		t.Fatalf("first run: err = %v", err)
	}
	counts, _ := l.Counts()
	if counts[ledger.Delivered] != sb.Created("activities") || counts[ledger.InFlight] != 0 || counts[ledger.Delivered] >= n {
		t.Fatalf("after the stop: ledger %v, created %d", counts, sb.Created("activities"))
	}
	checkPairs(t, l, log)
	// Nothing read after the rewrite was sent: the reversed file holds the
	// last records first, and none of them is delivered.
	err = l.Each(ledger.Delivered, func(e ledger.Entry) error {
		var i int
		if _, err := fmt.Sscanf(e.Key, "R%d", &i); err != nil || i > n/2 {
			return fmt.Errorf("key %s, read from the rewritten file, was sent", e.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	s := run(t, context.Background(), Options{Destination: d, Client: c, Ledger: l})
	if s.Failed != 0 || s.InDoubt != 0 {
		t.Fatalf("second run %+v", s)
	}
	counts, _ = l.Counts()
	if counts[ledger.Delivered] != n || sb.Created("activities") != n {
		t.Fatalf("after the second run: ledger %v, created %d", counts, sb.Created("activities"))
	}
	notes := creates(t, log)
	for i := 1; i <= n; i++ {
		if got := notes[fmt.Sprintf("record R%d", i)]; got != 1 {
			t.Fatalf("record R%d created %d times", i, got)
		}
	}
	checkPairs(t, l, log)
}

// checkPairs: each delivered key's Clio object was created from its own
// record (the note carries the key).
func checkPairs(t *testing.T, l *ledger.Ledger, log *syncBuffer) {
	t.Helper()
	noteOf := createdNotes(t, log)
	err := l.Each(ledger.Delivered, func(e ledger.Entry) error {
		if want := "record " + e.Key; noteOf[e.ClioID] != want {
			return fmt.Errorf("key %s holds object %d created from %q", e.Key, e.ClioID, noteOf[e.ClioID])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestInDoubtWithOtherContent: a POST in doubt whose record now holds other
// content than was sent under its key is not looked up in Clio (today's
// content could match another record's object): it stays in doubt, said so.
// A row from before content hashes were kept is reconciled as before.
func TestInDoubtWithOtherContent(t *testing.T) {
	d, file := activityDest(t, 3, nil)
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	l := openLedger(t, d, file)
	if err := l.MarkInFlight([]ledger.Entry{
		{Key: "R1", Pos: 1, Line: 1, Method: "POST", URL: "/api/v4/activities.json", ContentHash: ""},
		{Key: "R2", Pos: 2, Line: 2, Method: "POST", URL: "/api/v4/activities.json", ContentHash: "sent-with-other-content"},
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := l.RecoverInFlight(); n != 2 || err != nil {
		t.Fatalf("recover %d %v", n, err)
	}
	var msgs []string
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l, Mode: ledger.ModeRetry, InDoubt: true,
		Events: func(ev Event) {
			if f, ok := ev.(RecordFailed); ok {
				msgs = append(msgs, f.Key+": "+f.Message)
			}
		}})
	if s.InDoubt != 1 || s.Delivered != 1 {
		t.Fatalf("summary %+v", s)
	}
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], "R2: ") || !strings.Contains(msgs[0], "sent with other content") {
		t.Fatalf("events %q", msgs)
	}
	got := creates(t, e.log)
	if got["record R2"] != 0 || got["record R1"] != 1 {
		t.Fatalf("creates %v", got)
	}
	if ent, _, _ := l.Get("R2"); ent.State != ledger.InDoubt {
		t.Fatalf("R2 is %s", ent.State)
	}
}
