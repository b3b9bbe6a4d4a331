package ledger

import (
	"reflect"
	"testing"
)

// TestFindDoubts: the creates in doubt are listed with the find-by value
// kept for them ("" when none was), updates in doubt and settled creates
// are not, and a rekey moves the values with their records.
func TestFindDoubts(t *testing.T) {
	l, _ := openTest(t, newFakeClock())
	for i, k := range []string{"a", "b", "c", "d"} {
		method := "POST"
		if k == "c" {
			method = "PATCH"
		}
		if k != "b" {
			if err := l.NoteFindValue(k, "value "+k); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.MarkInFlight([]Entry{mark(k, i+1, method)}); err != nil {
			t.Fatal(err)
		}
		st := InDoubt
		if k == "d" {
			st = Delivered
		}
		if err := l.Record([]Outcome{{Key: k, State: st, HTTPStatus: 201, ClioID: int64(i + 1)}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.NoteFindValue("a", "value a again"); err != nil {
		t.Fatal(err)
	}
	got, err := l.FindDoubts()
	want := []FindDoubt{{Key: "a", Pos: 1, Value: "value a again"}, {Key: "b", Pos: 2}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("FindDoubts = %+v, %v; want %+v", got, err, want)
	}
	if err := l.Rekey(map[string]string{"a": "b", "b": "a"}, nil); err != nil {
		t.Fatal(err)
	}
	got, err = l.FindDoubts()
	want = []FindDoubt{{Key: "b", Pos: 1, Value: "value a again"}, {Key: "a", Pos: 2}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after the rekey FindDoubts = %+v, %v; want %+v", got, err, want)
	}
}
