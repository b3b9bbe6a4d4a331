package ledger

import (
	"testing"
)

// TestGroupCommitRefusesOneCallAlone commits three callers' writes in one
// transaction, the middle one refused halfway: it is undone alone and the
// others land.
func TestGroupCommitRefusesOneCallAlone(t *testing.T) {
	l, _ := openTest(t, nil)
	if err := l.MarkInFlight([]Entry{mark("done", 9, "POST")}); err != nil {
		t.Fatal(err)
	}
	if err := l.Record([]Outcome{{Key: "done", State: Delivered}}); err != nil {
		t.Fatal(err)
	}

	newOp := func(entries ...Entry) *op {
		o := markOp(entries)
		o.err = make(chan error, 1)
		return o
	}
	first := newOp(mark("a", 1, "POST"))
	refused := newOp(mark("b", 2, "POST"), mark("done", 9, "POST"))
	last := newOp(mark("c", 3, "POST"), mark("d", 4, "POST"))

	// Play the writer goroutine (idle: nothing else writes in this test)
	// committing a batch of three callers.
	l.commit([]*op{first, refused, last})

	if err := <-first.err; err != nil {
		t.Fatalf("first: %v", err)
	}
	wantStateError(t, <-refused.err, "done", Delivered)
	if err := <-last.err; err != nil {
		t.Fatalf("last: %v", err)
	}
	for _, k := range []string{"a", "c", "d"} {
		if e := mustGet(t, l, k); e.State != InFlight {
			t.Errorf("%s = %s, want in_flight", k, e.State)
		}
	}
	mustAbsent(t, l, "b")
	if n := l.commits.Load(); n != 3 { // two setup writes and this batch
		t.Errorf("commits = %d, want 3", n)
	}
}
