package ledger

import (
	"fmt"
	"testing"
	"time"
)

// TestETagsKept walks one object through a create, an update that meets a
// conflict, a retry that waits, and an overwrite: the etag is the one of
// cliodest's last write throughout, the seen etag the one of the conflict;
// once alone (one statement per row), once in a batch (multi-row statements).
func TestETagsKept(t *testing.T) {
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d rows", n), func(t *testing.T) {
			l, _ := openTest(t, newFakeClock())
			keys := make([]string, n)
			for i := range keys {
				keys[i] = fmt.Sprintf("k%d", i)
			}
			step := func(method string, o Outcome) {
				t.Helper()
				marks := make([]Entry, n)
				outs := make([]Outcome, n)
				for i, k := range keys {
					marks[i] = mark(k, i+1, method)
					outs[i] = o
					outs[i].Key = k
				}
				if err := l.MarkInFlight(marks); err != nil {
					t.Fatal(err)
				}
				if err := l.Record(outs); err != nil {
					t.Fatal(err)
				}
			}
			want := func(etag, seen string, conflict bool) {
				t.Helper()
				for _, k := range keys {
					e := mustGet(t, l, k)
					if e.ETag != etag || e.SeenETag != seen || e.IsConflict() != conflict {
						t.Fatalf("%s: etag %q seen %q conflict %v, want %q %q %v", k, e.ETag, e.SeenETag, e.IsConflict(), etag, seen, conflict)
					}
				}
				if c, err := l.CountConflicts(); err != nil || (c == n) != conflict {
					t.Fatalf("CountConflicts %d %v", c, err)
				}
			}
			step("POST", Outcome{State: Delivered, HTTPStatus: 201, ClioID: 7, ETag: `"e1"`})
			want(`"e1"`, "", false)
			if err := l.Reopen(keys); err != nil {
				t.Fatal(err)
			}
			step("PATCH", Outcome{State: Failed, HTTPStatus: 412, ErrType: ConflictType, ErrMessage: "changed in Clio", ETag: `"ignored"`, SeenETag: `"staff"`})
			want(`"e1"`, `"staff"`, true)
			if cs, err := l.EditConflicts(0); err != nil || len(cs) != n || cs[0].Key != "k0" || cs[0].ClioID != 7 {
				t.Fatalf("EditConflicts %+v %v", cs, err)
			}
			step("PATCH", Outcome{State: Pending, HTTPStatus: 503, ErrMessage: "busy"})
			want(`"e1"`, `"staff"`, false)
			step("PATCH", Outcome{State: Delivered, HTTPStatus: 200, ETag: `"e2"`})
			want(`"e2"`, "", false)
			// A delivery without an etag (Clio asked for id only) forgets the old one.
			if err := l.Reopen(keys); err != nil {
				t.Fatal(err)
			}
			step("POST", Outcome{State: Delivered, HTTPStatus: 201, ClioID: 8})
			want("", "", false)
		})
	}
}

// TestLastETag: the etag of cliodest's last write of an object is the
// latest delivered row's that holds it; failed rows and other objects do
// not count, and an object no row holds has none.
func TestLastETag(t *testing.T) {
	clock := newFakeClock()
	l, _ := openTest(t, clock)
	write := func(key string, pos int, method string, o Outcome) {
		t.Helper()
		clock.Advance(time.Second)
		o.Key = key
		if err := l.MarkInFlight([]Entry{mark(key, pos, method)}); err != nil {
			t.Fatal(err)
		}
		if err := l.Record([]Outcome{o}); err != nil {
			t.Fatal(err)
		}
	}
	write("a", 1, "POST", Outcome{State: Delivered, HTTPStatus: 201, ClioID: 7, ETag: `"e1"`})
	write("other", 2, "POST", Outcome{State: Delivered, HTTPStatus: 201, ClioID: 8, ETag: `"o1"`})
	write("b", 3, "PATCH", Outcome{State: Delivered, HTTPStatus: 200, ClioID: 7, ETag: `"e2"`})
	write("c", 4, "PATCH", Outcome{State: Failed, HTTPStatus: 422, ClioID: 7, ETag: `"refused"`, ErrMessage: "no"})
	for id, want := range map[int64]string{7: `"e2"`, 8: `"o1"`, 9: ""} {
		if got, err := l.LastETag(id); err != nil || got != want {
			t.Errorf("LastETag(%d) = %q, %v; want %q", id, got, err, want)
		}
	}
}
