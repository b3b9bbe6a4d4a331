package ledger

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentMarkAndRecord drives the ledger as the engine will: many
// goroutines each marking a record in flight and recording its answer,
// while readers look states up.
func TestConcurrentMarkAndRecord(t *testing.T) {
	l, _ := openTest(t, nil)
	const workers, each, reads = 16, 25, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*2)
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for range reads {
				if _, err := l.Counts(); err != nil {
					errs <- err
					return
				}
				if _, err := l.States([]string{"w0-0", "w1-1", "w2-2"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("w%d-%d", w, i)
				if err := l.MarkInFlight([]Entry{{Key: key, Pos: w*each + i, Method: "POST", Run: 1}}); err != nil {
					errs <- err
					return
				}
				if err := l.Record([]Outcome{{Key: key, State: Delivered, HTTPStatus: 201, ClioID: int64(w*each + i + 1)}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	counts, err := l.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if counts[Delivered] != workers*each || counts[InFlight] != 0 {
		t.Fatalf("counts = %v, want %d delivered", counts, workers*each)
	}
	ops := l.committedOps.Load()
	commits := l.commits.Load()
	if ops != 2*workers*each {
		t.Fatalf("committed ops = %d, want %d", ops, 2*workers*each)
	}
	t.Logf("%d ops in %d commits (%.1f per commit)", ops, commits, float64(ops)/float64(commits))
}

// TestConcurrentMarkSameKey: when one record's key comes twice (a duplicate
// key attribute in the Nexset) and two goroutines race to send it, exactly
// one of them may.
func TestConcurrentMarkSameKey(t *testing.T) {
	l, _ := openTest(t, nil)
	const racers = 12
	var wg sync.WaitGroup
	results := make(chan error, racers)
	start := make(chan struct{})
	for range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results <- l.MarkInFlight([]Entry{mark("dup", 1, "POST")})
		}()
	}
	close(start)
	wg.Wait()
	close(results)
	won := 0
	for err := range results {
		var se *StateError
		switch {
		case err == nil:
			won++
		case errors.As(err, &se) && se.State == InFlight:
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d goroutines marked the same key in flight, want 1", won)
	}
	if e := mustGet(t, l, "dup"); e.Attempts != 1 {
		t.Fatalf("attempts = %d, want 1", e.Attempts)
	}
}
