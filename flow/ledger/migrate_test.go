package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// v1Schema is the layout of version 1 ledgers, frozen here as files in the
// field have it (schema.go as of the commit that introduced version 2), so
// that a later edit of schemaV1 cannot make this test build a file that
// never existed.
const v1Schema = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE runs (
	id INTEGER PRIMARY KEY, mode TEXT NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER,
	records INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
	in_doubt INTEGER NOT NULL DEFAULT 0, pending INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
	requests INTEGER NOT NULL DEFAULT 0, rate_wait_ns INTEGER NOT NULL DEFAULT 0, interrupted INTEGER NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE records (
	key TEXT PRIMARY KEY, pos INTEGER NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending','in_flight','delivered','failed','in_doubt')),
	attempts INTEGER NOT NULL DEFAULT 0, method TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
	http_status INTEGER NOT NULL DEFAULT 0, clio_id INTEGER NOT NULL DEFAULT 0,
	err_type TEXT NOT NULL DEFAULT '', err_message TEXT NOT NULL DEFAULT '',
	run INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX records_state_pos ON records (state, pos, key);
INSERT INTO runs (id, mode, started_at, finished_at, records, delivered, failed, in_doubt) VALUES (1, 'activate', 10, 20, 3, 1, 1, 1);
INSERT INTO records (key, pos, state, attempts, method, url, http_status, clio_id, err_type, err_message, run, created_at, updated_at) VALUES
	('a', 1, 'delivered', 1, 'POST', 'https://app.clio.com/api/v4/activities.json', 201, 501, '', '', 1, 10, 11),
	('b', 2, 'failed', 1, 'POST', 'https://app.clio.com/api/v4/activities.json', 422, 0, 'validation', 'Matter 9 does not exist', 1, 10, 12),
	('c', 3, 'in_doubt', 1, 'POST', 'https://app.clio.com/api/v4/activities.json', 0, 0, '', '', 1, 10, 13);
`

// writeV1 makes a version 1 ledger of id at path, with three records.
func writeV1(t *testing.T, path, id, version string) {
	t.Helper()
	rawExec(t, path, v1Schema)
	for k, v := range map[string]string{metaVersion: version, metaDestID: id, metaDestName: "Old name", metaCreated: "5"} {
		rawExec(t, path, `INSERT INTO meta (key, value) VALUES (?, ?)`, k, v)
	}
}

func rawVersion(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaVersion).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestOpenMigratesV1: a version 1 ledger opens, becomes version 2 and
// keeps its records and runs (line 0: unknown), and lines are written to it
// from then on; opening it again does not migrate twice.
func TestOpenMigratesV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.ledger.db")
	writeV1(t, path, testDest.ID, "1")

	l, err := Open(path, testDest)
	if err != nil {
		t.Fatalf("open a v1 ledger: %v", err)
	}
	if v := rawVersion(t, path); v != fmt.Sprint(SchemaVersion) {
		t.Fatalf("schema version after open = %q, want 2", v)
	}
	want := map[string]Entry{
		"a": {Pos: 1, State: Delivered, HTTPStatus: 201, ClioID: 501},
		"b": {Pos: 2, State: Failed, HTTPStatus: 422, ErrType: "validation", ErrMessage: "Matter 9 does not exist"},
		"c": {Pos: 3, State: InDoubt},
	}
	got, err := l.States([]string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		g := got[k]
		if g.Pos != w.Pos || g.Line != 0 || g.State != w.State || g.HTTPStatus != w.HTTPStatus || g.ClioID != w.ClioID ||
			g.ErrType != w.ErrType || g.ErrMessage != w.ErrMessage || g.Attempts != 1 || g.Method != "POST" || g.Run != 1 {
			t.Errorf("%s after migration = %+v, want %+v", k, g, w)
		}
	}
	if r, err := l.LastRun(); err != nil || r == nil || r.ID != 1 || r.Delivered != 1 || r.InDoubt != 1 {
		t.Fatalf("last run after migration = %+v, %v", r, err)
	}

	// The migrated file takes lines: the in-doubt record resent, the failed one rejected again.
	e := mark("c", 3, "POST")
	e.Line = 7
	if err := l.MarkInFlight([]Entry{e}); err != nil {
		t.Fatal(err)
	}
	if err := l.Reject([]Entry{{Key: "b", Pos: 2, Line: 4, Run: 2, ErrMessage: "still bad"}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l, err = Open(path, testDest)
	if err != nil {
		t.Fatalf("reopen the migrated ledger: %v", err)
	}
	defer l.Close()
	if c := mustGet(t, l, "c"); c.Line != 7 || c.State != InFlight || c.Attempts != 2 {
		t.Errorf("c = %+v, want line 7, in flight, 2 attempts", c)
	}
	if b := mustGet(t, l, "b"); b.Line != 4 || b.ErrMessage != "still bad" {
		t.Errorf("b = %+v, want line 4", b)
	}
	if v := rawVersion(t, path); v != fmt.Sprint(SchemaVersion) {
		t.Fatalf("schema version after reopen = %q", v)
	}
}

// TestOpenDoesNotMigrateWhatItRefuses: another destination's v1 ledger is
// refused untouched, and a version newer than this build still is refused.
func TestOpenDoesNotMigrateWhatItRefuses(t *testing.T) {
	tests := []struct {
		name, id, version string
		check             func(t *testing.T, err error)
	}{
		{"another destination's v1 ledger", "other-id", "1", func(t *testing.T, err error) {
			var me *MismatchError
			if !errors.As(err, &me) {
				t.Fatalf("want *MismatchError, got %v", err)
			}
		}},
		{"a newer version", testDest.ID, fmt.Sprint(SchemaVersion + 1), func(t *testing.T, err error) {
			var ve *VersionError
			if !errors.As(err, &ve) || ve.Version != SchemaVersion+1 || ve.Supported != SchemaVersion {
				t.Fatalf("want *VersionError{%d, %d}, got %v", SchemaVersion+1, SchemaVersion, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.ledger.db")
			writeV1(t, path, tt.id, tt.version)
			l, err := Open(path, testDest)
			if err == nil {
				l.Close()
				t.Fatal("opened")
			}
			tt.check(t, err)
			if v := rawVersion(t, path); v != tt.version {
				t.Errorf("refused file's version changed to %q", v)
			}
		})
	}
}

// TestNewLedgerIsCurrent: a new file is at SchemaVersion with the line column.
func TestNewLedgerIsCurrent(t *testing.T) {
	l, path := openTest(t, nil)
	if v := rawVersion(t, path); v != fmt.Sprint(SchemaVersion) {
		t.Fatalf("new ledger version %q, want %d", v, SchemaVersion)
	}
	var n int
	if err := l.r.QueryRow(`SELECT count(*) FROM pragma_table_info('records') WHERE name = 'line'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("line column: %d, %v", n, err)
	}
}

// TestLineRoundTrips: the line given to MarkInFlight (one row, and the
// multi-row path in every chunk) and to Reject comes back from States,
// List, Each and AtPos, and a later write replaces it.
func TestLineRoundTrips(t *testing.T) {
	for _, n := range []int{1, 3, multiRowChunk + 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			l, _ := openTest(t, newFakeClock())
			entries := make([]Entry, n)
			keys := make([]string, n)
			outs := make([]Outcome, n)
			for i := range n {
				keys[i] = fmt.Sprintf("k%04d", i)
				entries[i] = mark(keys[i], i+1, "POST")
				entries[i].Line = 2*i + 2 // a CSV with a header and two-line cells
				outs[i] = Outcome{Key: keys[i], State: Failed, HTTPStatus: 422, ErrMessage: "no"}
			}
			if err := l.MarkInFlight(entries); err != nil {
				t.Fatal(err)
			}
			states, err := l.States(keys)
			if err != nil {
				t.Fatal(err)
			}
			for i, k := range keys {
				if states[k].Line != 2*i+2 || states[k].Pos != i+1 {
					t.Fatalf("%s after mark: %+v", k, states[k])
				}
			}
			if err := l.Record(outs); err != nil {
				t.Fatal(err)
			}
			list, err := l.List(Failed, 0)
			if err != nil || len(list) != n {
				t.Fatalf("list: %d, %v", len(list), err)
			}
			for i, e := range list {
				if e.Line != 2*i+2 {
					t.Fatalf("list[%d] = %+v", i, e)
				}
			}
			i := 0
			if err := l.Each(Failed, func(e Entry) error {
				if e.Line != 2*i+2 {
					return fmt.Errorf("each[%d] line %d", i, e.Line)
				}
				i++
				return nil
			}); err != nil || i != n {
				t.Fatalf("each: %d, %v", i, err)
			}

			// Rejected again after the Nexset was edited: the new line replaces the old.
			rej := []Entry{{Key: keys[n-1], Pos: n, Line: 1000, Run: 2, ErrType: "record", ErrMessage: "bad date"}}
			if err := l.Reject(rej); err != nil {
				t.Fatal(err)
			}
			at, err := l.AtPos(n)
			if err != nil || len(at) != 1 || at[0].Line != 1000 {
				t.Fatalf("at %d: %+v, %v", n, at, err)
			}
			// A fresh reject and a resend carry their lines too.
			if err := l.Reject([]Entry{{Key: "new", Pos: n + 1, Line: 2000, ErrMessage: "x"}}); err != nil {
				t.Fatal(err)
			}
			if e := mustGet(t, l, "new"); e.Line != 2000 {
				t.Fatalf("new = %+v", e)
			}
			resend := entries[0]
			resend.Line = 3
			if err := l.MarkInFlight([]Entry{resend, {Key: "new", Pos: n + 1, Line: 2001, Method: "POST"}}); err != nil {
				t.Fatal(err)
			}
			if e := mustGet(t, l, keys[0]); e.Line != 3 || e.Attempts != 2 {
				t.Fatalf("resent = %+v", e)
			}
			if e := mustGet(t, l, "new"); e.Line != 2001 {
				t.Fatalf("new resent = %+v", e)
			}
		})
	}
}

func TestNegativeLineRefused(t *testing.T) {
	l, _ := openTest(t, nil)
	e := mark("k", 1, "POST")
	e.Line = -1
	for name, err := range map[string]error{
		"mark":   l.MarkInFlight([]Entry{e}),
		"reject": l.Reject([]Entry{{Key: "k", Pos: 1, Line: -1, ErrMessage: "x"}}),
	} {
		if err == nil || !strings.Contains(err.Error(), "negative line -1") {
			t.Errorf("%s: %v", name, err)
		}
	}
	mustAbsent(t, l, "k")
}

// TestLookupCache: found values are kept with their time, and forgotten.
func TestLookupCache(t *testing.T) {
	l, _ := openTest(t, nil)
	if _, ok, err := l.CachedLookup("matters", "display_number", "00042-Whitfield"); ok || err != nil {
		t.Fatalf("empty cache: %v %v", ok, err)
	}
	if err := l.RememberLookup(Lookup{Collection: "matters", Field: "display_number", Value: "00042-Whitfield", ClioID: 1 << 60, Label: "00042-Whitfield"}); err != nil {
		t.Fatal(err)
	}
	lk, ok, err := l.CachedLookup("matters", "display_number", "00042-Whitfield")
	if !ok || err != nil || lk.ClioID != 1<<60 || lk.ResolvedAt.IsZero() {
		t.Fatalf("cached: %+v %v %v", lk, ok, err)
	}
	if err := l.RememberLookup(Lookup{Collection: "users", Field: "email", Value: "x"}); err == nil {
		t.Error("a lookup without an id was kept")
	}
	if err := l.ForgetLookups(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := l.CachedLookup("matters", "display_number", "00042-Whitfield"); ok {
		t.Error("ForgetLookups kept a value")
	}
}
