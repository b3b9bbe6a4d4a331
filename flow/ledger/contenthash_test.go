package ledger

import (
	"fmt"
	"testing"
)

// TestContentHashKeptWithKey: the content hash is written with the key by
// single-row and multi-row marks, replaced when the record is sent again,
// and read back by every query.
func TestContentHashKeptWithKey(t *testing.T) {
	l, _ := openTest(t, nil)
	one := mark("a", 1, "POST")
	one.ContentHash = "h-a"
	if err := l.MarkInFlight([]Entry{one}); err != nil {
		t.Fatal(err)
	}
	var many []Entry
	for i := range 3 {
		e := mark(fmt.Sprintf("b%d", i), 2+i, "POST")
		e.ContentHash = "h-" + e.Key
		many = append(many, e)
	}
	if err := l.MarkInFlight(many); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b0", "b2"} {
		if got := mustGet(t, l, k).ContentHash; got != "h-"+k {
			t.Errorf("%s: content hash %q", k, got)
		}
	}
	if err := l.Record([]Outcome{{Key: "a", State: Failed, HTTPStatus: 422, ErrMessage: "no"}}); err != nil {
		t.Fatal(err)
	}
	one.ContentHash = "h-a2"
	if err := l.MarkInFlight([]Entry{one}); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, l, "a").ContentHash; got != "h-a2" {
		t.Errorf("resent: content hash %q, want the new one", got)
	}
}
