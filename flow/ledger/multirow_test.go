package ledger

import (
	"fmt"
	"testing"
)

// TestMultiRowWrites: calls of many records go through multi-row
// statements, in chunks; they write exactly what one statement per record
// wrote, and a refused record — in any chunk — refuses the whole call,
// names that record and leaves nothing written.
func TestMultiRowWrites(t *testing.T) {
	for _, n := range []int{2, multiRowChunk, 2*multiRowChunk + 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			l, _ := openTest(t, newFakeClock())
			entries := make([]Entry, n)
			outs := make([]Outcome, n)
			for i := range n {
				k := fmt.Sprintf("k%d", i)
				entries[i] = mark(k, i+1, "post")
				outs[i] = Outcome{Key: k, State: Delivered, HTTPStatus: 201, ClioID: int64(1000 + i)}
			}
			// One record already delivered, in the last chunk.
			last := entries[n-1]
			if err := l.MarkInFlight([]Entry{last}); err != nil {
				t.Fatal(err)
			}
			if err := l.Record([]Outcome{outs[n-1]}); err != nil {
				t.Fatal(err)
			}
			wantStateError(t, l.MarkInFlight(entries), last.Key, Delivered)
			mustAbsent(t, l, entries[0].Key)

			if err := l.MarkInFlight(entries[:n-1]); err != nil {
				t.Fatal(err)
			}
			for _, k := range []int{0, (n - 1) / 2, n - 2} {
				e := mustGet(t, l, entries[k].Key)
				if e.State != InFlight || e.Pos != k+1 || e.Method != "POST" || e.URL != entries[k].URL || e.Attempts != 1 || e.Run != 1 {
					t.Fatalf("after mark: %+v", e)
				}
			}
			// Recording the delivered one again is refused; nothing changes.
			wantStateError(t, l.Record(outs), last.Key, Delivered)
			if e := mustGet(t, l, entries[0].Key); e.State != InFlight {
				t.Fatalf("a refused record call wrote %+v", e)
			}
			if err := l.Record(outs[:n-1]); err != nil {
				t.Fatal(err)
			}
			for _, k := range []int{0, (n - 1) / 2, n - 2} {
				e := mustGet(t, l, entries[k].Key)
				if e.State != Delivered || e.HTTPStatus != 201 || e.ClioID != int64(1000+k) {
					t.Fatalf("after record: %+v", e)
				}
			}
			counts, err := l.Counts()
			if err != nil || counts[Delivered] != n {
				t.Fatalf("counts %v, %v", counts, err)
			}
		})
	}
}
