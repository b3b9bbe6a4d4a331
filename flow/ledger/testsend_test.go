package ledger

import (
	"errors"
	"testing"
)

// TestTestDelivered: a test send's object becomes its record's delivery
// (over a failed row too), is found and counted as a test's until a run
// touches it, and is forgotten on undo; a delivered or in-doubt record is
// never overwritten.
func TestTestDelivered(t *testing.T) {
	l, _ := openTest(t, nil)
	sent := Entry{Key: "R1", Pos: 1, Line: 2, Method: "post", URL: "https://app.clio.com/api/v4/activities.json?access_token=x",
		HTTPStatus: 201, ClioID: 77, ContentHash: "h1", Fingerprint: "f:1"}
	if err := l.TestDelivered(sent); err != nil {
		t.Fatal(err)
	}
	e, ok, err := l.TestObject("R1")
	if err != nil || !ok || e.State != Delivered || e.ClioID != 77 || e.Fingerprint != "f:1" || e.Method != "POST" || e.Run != 0 {
		t.Fatalf("test object %+v %v %v", e, ok, err)
	}
	if n, err := l.ByTest(); n != 1 || err != nil {
		t.Fatalf("by test %d %v", n, err)
	}
	// A second test of the same record would be a second object: refused.
	var se *StateError
	if err := l.TestDelivered(sent); !errors.As(err, &se) || se.State != Delivered {
		t.Fatalf("second test send: %v", err)
	}
	if err := l.ForgetTest("R1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := l.Get("R1"); ok {
		t.Fatal("R1 still in the ledger after ForgetTest")
	}
	if err := l.ForgetTest("R1"); !errors.As(err, &se) {
		t.Fatalf("forget twice: %v", err)
	}

	// Over a failed row.
	if err := l.Reject([]Entry{{Key: "R2", Pos: 2, Line: 3, Run: 1, ErrMessage: "bad date"}}); err != nil {
		t.Fatal(err)
	}
	sent.Key = "R2"
	if err := l.TestDelivered(sent); err != nil {
		t.Fatal(err)
	}
	if e, _, _ := l.Get("R2"); e.State != Delivered || e.ErrMessage != "" || e.ClioID != 77 {
		t.Fatalf("R2 %+v", e)
	}
	// A run that updates the object makes it the run's delivery: no longer the test's.
	if err := l.Reopen([]string{"R2"}); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkInFlight([]Entry{{Key: "R2", Pos: 2, Line: 3, Method: "PATCH", URL: "u", Run: 5}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Record([]Outcome{{Key: "R2", State: Delivered, HTTPStatus: 200, Fingerprint: "f:2"}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := l.TestObject("R2"); ok {
		t.Fatal("R2 is still a test's object after a run updated it")
	}
	if err := l.ForgetTest("R2"); !errors.As(err, &se) {
		t.Fatalf("forget a run's delivery: %v", err)
	}
	// In doubt: never overwritten.
	if err := l.MarkInFlight([]Entry{{Key: "R3", Pos: 3, Method: "POST", URL: "u", Run: 5}}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.RecoverInFlight(); err != nil {
		t.Fatal(err)
	}
	sent.Key = "R3"
	if err := l.TestDelivered(sent); !errors.As(err, &se) || se.State != InDoubt {
		t.Fatalf("test send over in doubt: %v", err)
	}
}
