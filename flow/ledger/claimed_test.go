package ledger

import "testing"

func TestHeldIDs(t *testing.T) {
	l, _ := openTest(t, nil)
	var ents []Entry
	var outs []Outcome
	for i, k := range []string{"a", "b", "c"} {
		ents = append(ents, Entry{Key: k, Pos: i + 1, Method: "POST", URL: "https://app.clio.com/api/v4/activities.json"})
		outs = append(outs, Outcome{Key: k, State: Delivered, HTTPStatus: 201, ClioID: int64(9_007_199_254_740_993 + i)}) // past 2^53
	}
	outs[2] = Outcome{Key: "c", State: InDoubt}
	if err := l.MarkInFlight(ents); err != nil {
		t.Fatal(err)
	}
	if err := l.Record(outs); err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, 1200)
	for i := range int64(1200) { // more than one batch
		ids = append(ids, 9_007_199_254_740_000+i)
	}
	got, err := l.HeldIDs(ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[9_007_199_254_740_993] != "a" || got[9_007_199_254_740_994] != "b" {
		t.Errorf("held %v", got)
	}
}
