package ledger

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRuns(t *testing.T) {
	clock := newFakeClock()
	l, _ := openTest(t, clock)

	if r, err := l.LastRun(); err != nil || r != nil {
		t.Fatalf("LastRun on a new ledger = %+v, %v; want nil, nil", r, err)
	}
	if _, err := l.StartRun("deliver"); err == nil || !strings.Contains(err.Error(), `"deliver"`) {
		t.Fatalf("StartRun with an unknown mode: %v", err)
	}

	start := clock.Now()
	id, err := l.StartRun(ModeActivate)
	if err != nil {
		t.Fatal(err)
	}
	r, err := l.LastRun()
	if err != nil || r == nil {
		t.Fatal(r, err)
	}
	if r.ID != id || r.Finished || r.Interrupted || !r.StartedAt.Equal(start) {
		t.Fatalf("running run = %+v; want id %d, not finished, not interrupted, started %v", r, id, start)
	}

	clock.Advance(90 * time.Second)
	sum := RunSummary{Records: 120, Delivered: 100, Failed: 5, InDoubt: 1, Pending: 4, Skipped: 10,
		Requests: 112, RateLimitWait: 12500 * time.Millisecond, Interrupted: true, Err: "interrupted by signal"}
	if err := l.FinishRun(id, sum); err != nil {
		t.Fatal(err)
	}
	if err := l.FinishRun(id, sum); err == nil {
		t.Fatal("second FinishRun succeeded")
	}
	if err := l.FinishRun(id+100, sum); err == nil {
		t.Fatal("FinishRun of an unknown run succeeded")
	}
	r, err = l.LastRun()
	if err != nil {
		t.Fatal(err)
	}
	want := Run{ID: id, Mode: ModeActivate, StartedAt: start, FinishedAt: start.Add(90 * time.Second), Finished: true, RunSummary: sum}
	if *r != want {
		t.Fatalf("LastRun\n got %+v\nwant %+v", *r, want)
	}

	id2, err := l.StartRun(ModeRetry)
	if err != nil || id2 <= id {
		t.Fatalf("second run id %d (err %v), want > %d", id2, err, id)
	}
	if r, _ := l.LastRun(); r.ID != id2 || r.Mode != ModeRetry {
		t.Fatalf("LastRun after a new start = %+v", r)
	}
}

func TestCounts(t *testing.T) {
	l, _ := openTest(t, nil)
	c, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range AllStates() {
		if n, ok := c[s]; !ok || n != 0 {
			t.Fatalf("empty ledger counts = %v, want every state at 0", c)
		}
	}
	// 3 delivered, 2 failed, 1 in flight, 1 pending.
	for i, k := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		if err := l.MarkInFlight([]Entry{mark(k, i, "POST")}); err != nil {
			t.Fatal(err)
		}
	}
	outs := []Outcome{
		{Key: "a", State: Delivered}, {Key: "b", State: Delivered}, {Key: "c", State: Delivered},
		{Key: "d", State: Failed, ErrMessage: "x"}, {Key: "e", State: Failed, ErrMessage: "y"},
		{Key: "g", State: Pending},
	}
	if err := l.Record(outs); err != nil {
		t.Fatal(err)
	}
	c, err = l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	want := map[State]int{Delivered: 3, Failed: 2, InFlight: 1, Pending: 1, InDoubt: 0}
	for s, n := range want {
		if c[s] != n {
			t.Errorf("count %s = %d, want %d", s, c[s], n)
		}
	}
}

// seedFailed puts n failed records at positions n..1 (reverse order of keys).
func seedFailed(t *testing.T, l *Ledger, n int) {
	t.Helper()
	entries := make([]Entry, n)
	for i := range n {
		entries[i] = Entry{Key: fmt.Sprintf("k%04d", i), Pos: n - i, ErrType: "ValidationError", ErrMessage: "bad"}
	}
	if err := l.Reject(entries); err != nil {
		t.Fatal(err)
	}
}

func TestListAndStates(t *testing.T) {
	l, _ := openTest(t, nil)
	seedFailed(t, l, 1200)

	got, err := l.List(Failed, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Pos != 1 || got[1].Pos != 2 || got[2].Pos != 3 || got[0].Key != "k1199" {
		t.Fatalf("List(failed, 3) = %+v, want positions 1, 2, 3 (k1199 first)", got)
	}
	all, err := l.List(Failed, 0)
	if err != nil || len(all) != 1200 {
		t.Fatalf("List(failed, 0) = %d entries (err %v), want 1200", len(all), err)
	}
	if none, err := l.List(Delivered, 10); err != nil || len(none) != 0 {
		t.Fatalf("List(delivered) = %v, %v", none, err)
	}
	if _, err := l.List("lost", 1); err == nil {
		t.Fatal("List of an unknown state succeeded")
	}

	// More keys than one IN list holds, some absent.
	keys := make([]string, 0, 1300)
	for i := range 1300 {
		keys = append(keys, fmt.Sprintf("k%04d", i))
	}
	m, err := l.States(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1200 {
		t.Fatalf("States found %d of 1300 keys, want the 1200 stored", len(m))
	}
	if e := m["k0007"]; e.State != Failed || e.Pos != 1193 || e.ErrType != "ValidationError" {
		t.Fatalf("States[k0007] = %+v", e)
	}
	if _, ok := m["k1250"]; ok {
		t.Fatal("States returned an absent key")
	}
}

// TestEachWhileRetrying walks failed records page by page while marking each
// in flight, as `retry` does: every one is visited once, in Nexset order.
func TestEachWhileRetrying(t *testing.T) {
	l, _ := openTest(t, nil)
	const n = 2*eachPage + 37
	seedFailed(t, l, n)
	seen := map[string]bool{}
	lastPos := 0
	err := l.Each(Failed, func(e Entry) error {
		if seen[e.Key] {
			t.Fatalf("visited %s twice", e.Key)
		}
		if e.Pos <= lastPos {
			t.Fatalf("position %d after %d: not in Nexset order", e.Pos, lastPos)
		}
		seen[e.Key], lastPos = true, e.Pos
		return l.MarkInFlight([]Entry{{Key: e.Key, Pos: e.Pos, Method: "POST", Run: 2}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Fatalf("visited %d, want %d", len(seen), n)
	}
	if c, _ := l.Counts(); c[InFlight] != n || c[Failed] != 0 {
		t.Fatalf("counts after retry walk = %v", c)
	}

	// fn's error stops the walk and comes back as is.
	stop := errStop{}
	calls := 0
	err = l.Each(InFlight, func(Entry) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 3 {
		t.Fatalf("Each = %v after %d calls, want errStop after 3", err, calls)
	}
}

type errStop struct{}

func (errStop) Error() string { return "stop" }

func TestLastRunInterruptedAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.ledger.db")
	l, err := Open(path, testDest)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.StartRun(ModeDryRun); err != nil {
		t.Fatal(err)
	}
	if r, _ := l.LastRun(); r.Interrupted {
		t.Fatal("own running run reported interrupted")
	}
	l.Close()
	l, err = Open(path, testDest)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if r, err := l.LastRun(); err != nil || !r.Interrupted || r.Finished || r.Mode != ModeDryRun {
		t.Fatalf("unfinished run after reopen = %+v, %v; want interrupted dry-run", r, err)
	}
}
