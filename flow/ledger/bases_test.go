package ledger

import (
	"fmt"
	"testing"
)

// deliverWith marks key in flight and records it delivered with print and
// basis.
func deliverWith(t *testing.T, l *Ledger, key, print string, basis int64) {
	t.Helper()
	if err := l.MarkInFlight([]Entry{{Key: key, Pos: 1, Method: "POST", URL: "u", Run: 1, ContentHash: "h"}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Record([]Outcome{{Key: key, State: Delivered, HTTPStatus: 201, ClioID: 9, Fingerprint: print, Basis: basis}}); err != nil {
		t.Fatal(err)
	}
}

// TestBases: a delivery keeps its fingerprint's basis; Bases returns only
// Delivered rows that have one (never a record reopened, in doubt or
// failed); a refused update keeps the old pair; a test send has none;
// SetBases fills a basis only where the fingerprint is the one given.
func TestBases(t *testing.T) {
	l, _ := openTest(t, nil)
	deliverWith(t, l, "A", "f:a", 11)
	deliverWith(t, l, "B", "f:b", 0) // delivered without a basis (none known)
	deliverWith(t, l, "C", "f:c", 33)
	if e := mustGet(t, l, "A"); e.Basis != 11 || e.Fingerprint != "f:a" {
		t.Fatalf("A %+v", e)
	}
	got, err := l.Bases([]string{"A", "B", "C", "Z"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["A"] != (Based{Fingerprint: "f:a", Basis: 11}) || got["C"] != (Based{Fingerprint: "f:c", Basis: 33}) {
		t.Fatalf("bases %v", got)
	}

	// C reopened for an update, which fails: not Delivered, not returned;
	// delivered again by a refused-then-accepted update, it takes the new pair.
	if err := l.Reopen([]string{"C"}); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkInFlight([]Entry{{Key: "C", Pos: 1, Method: "PATCH", URL: "u", Run: 2, ContentHash: "h2"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"C"}); len(got) != 0 {
		t.Fatalf("C in flight: %v", got)
	}
	if err := l.Record([]Outcome{{Key: "C", State: InDoubt}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"C"}); len(got) != 0 {
		t.Fatalf("C in doubt: %v", got)
	}
	if e := mustGet(t, l, "C"); e.Fingerprint != "f:c" || e.Basis != 33 {
		t.Fatalf("C in doubt keeps its delivery's pair: %+v", e)
	}
	if err := l.MarkInFlight([]Entry{{Key: "C", Pos: 1, Method: "PATCH", URL: "u", Run: 3, ContentHash: "h2"}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Record([]Outcome{{Key: "C", State: Delivered, HTTPStatus: 200, Fingerprint: "f:c2", Basis: 34}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"C"}); got["C"] != (Based{Fingerprint: "f:c2", Basis: 34}) {
		t.Fatalf("C updated: %v", got)
	}

	// SetBases: only where the fingerprint is still the one the basis was made with.
	if err := l.SetBases(map[string]Based{"B": {Fingerprint: "f:b", Basis: 22}, "A": {Fingerprint: "f:other", Basis: 99}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"A", "B"}); got["A"] != (Based{Fingerprint: "f:a", Basis: 11}) || got["B"] != (Based{Fingerprint: "f:b", Basis: 22}) {
		t.Fatalf("after SetBases %v", got)
	}
	// With Was, the fingerprint given replaces the one the row holds (an
	// older style), and only that one.
	if err := l.SetBases(map[string]Based{"A": {Fingerprint: "f2:a", Basis: 12, Was: "f:a"}, "B": {Fingerprint: "f2:b", Basis: 23, Was: "f:zz"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"A", "B"}); got["A"] != (Based{Fingerprint: "f2:a", Basis: 12}) || got["B"] != (Based{Fingerprint: "f:b", Basis: 22}) {
		t.Fatalf("after SetBases with Was %v", got)
	}
	if err := l.SetBases(map[string]Based{"A": {Fingerprint: "f:a", Basis: 11, Was: "f2:a"}}); err != nil { // back, for what follows
		t.Fatal(err)
	}

	// A test send's body may be edited: its row has no basis, even over one.
	if err := l.Reject([]Entry{{Key: "T", Pos: 4, Run: 1, ErrMessage: "bad"}}); err != nil {
		t.Fatal(err)
	}
	if err := l.TestDelivered(Entry{Key: "T", Pos: 4, Method: "POST", URL: "u", HTTPStatus: 201, ClioID: 5, ContentHash: "h", Fingerprint: "f:edited"}); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, l, "T"); e.Basis != 0 {
		t.Fatalf("test send %+v", e)
	}

	// Rows delivered before fingerprints: Fingerprinted sets both.
	deliverWith(t, l, "U", "", 0)
	if err := l.Fingerprinted(map[string]Based{"U": {Fingerprint: "f:u", Basis: 44}, "A": {Fingerprint: "f:x", Basis: 45}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := l.Bases([]string{"U", "A"}); got["U"] != (Based{Fingerprint: "f:u", Basis: 44}) || got["A"] != (Based{Fingerprint: "f:a", Basis: 11}) {
		t.Fatalf("after Fingerprinted %v", got)
	}
}

// TestBasesManyKeys: look-ups of every size up to past one chunk (padded
// statements) return each delivered key once.
func TestBasesManyKeys(t *testing.T) {
	l, _ := openTest(t, nil)
	var keys []string
	var marks []Entry
	var outs []Outcome
	for i := range 600 {
		k := fmt.Sprintf("K%d", i)
		keys = append(keys, k)
		marks = append(marks, Entry{Key: k, Pos: i + 1, Method: "POST", URL: "u", Run: 1, ContentHash: "h"})
		outs = append(outs, Outcome{Key: k, State: Delivered, HTTPStatus: 201, ClioID: int64(i + 1), Fingerprint: "f:" + k, Basis: int64(i + 1)})
	}
	if err := l.MarkInFlight(marks); err != nil {
		t.Fatal(err)
	}
	if err := l.Record(outs); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 3, 255, 256, 257, 600} {
		got, err := l.Bases(append(keys[:n:n], "absent"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n || got[keys[n-1]].Basis != int64(n) {
			t.Fatalf("%d keys: %d found, last %v", n, len(got), got[keys[n-1]])
		}
	}
}
