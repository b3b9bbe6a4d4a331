package ledger

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"samples/time-entries.yaml", "samples/time-entries.ledger.db"},
		{"/abs/dir/dest.yml", "/abs/dir/dest.ledger.db"},
		{"dest", "dest.ledger.db"},
		{"my.dest.v2.yaml", "my.dest.v2.ledger.db"},
		{".hidden", ".hidden.ledger.db"},
		{"dir.v1/dest", "dir.v1/dest.ledger.db"},
	}
	for _, tt := range tests {
		if got := DefaultPath(tt.in); got != filepath.FromSlash(tt.want) {
			t.Errorf("DefaultPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpenCreatesPrivateFileAndReopens(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "nested")
	path := filepath.Join(dir, "d.ledger.db")
	l, err := Open(path, testDest)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	wantMode(t, path, 0o600)
	wantMode(t, dir, 0o700)
	var mode string
	if err := l.r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q (err %v), want wal", mode, err)
	}
	if err := l.MarkInFlight([]Entry{mark("r1", 1, "POST")}); err != nil {
		t.Fatalf("mark: %v", err)
	}
	if err := l.Record([]Outcome{{Key: "r1", State: Delivered, HTTPStatus: 201, ClioID: 77}}); err != nil {
		t.Fatalf("record: %v", err)
	}
	// SQLite gives the WAL and shared-memory files the database's mode.
	for _, side := range []string{"-wal", "-shm"} {
		wantMode(t, path+side, 0o600)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Reopen under a new name: the id binds, the name follows the destination.
	renamed := Identity{ID: testDest.ID, Name: "Renamed"}
	l, err = Open(path, renamed)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer l.Close()
	if e := mustGet(t, l, "r1"); e.State != Delivered || e.ClioID != 77 {
		t.Fatalf("after reopen r1 = %+v, want delivered with Clio id 77", e)
	}
	var name string
	if err := l.r.QueryRow(`SELECT value FROM meta WHERE key = ?`, metaDestName).Scan(&name); err != nil || name != "Renamed" {
		t.Fatalf("stored name = %q (err %v), want Renamed", name, err)
	}
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Fatalf("%s mode = %v, want %v", path, fi.Mode().Perm(), want)
	}
}

// rawExec changes a ledger file behind the package's back, as another
// program (or a newer cliodest) would.
func rawExec(t *testing.T, path, q string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string) // makes the file at path
		dest    Identity
		check   func(t *testing.T, err error)
	}{
		{
			name: "another destination's ledger",
			prepare: func(t *testing.T, path string) {
				l, err := Open(path, Identity{ID: "other-id", Name: "Tasks"})
				if err != nil {
					t.Fatal(err)
				}
				l.Close()
			},
			dest: testDest,
			check: func(t *testing.T, err error) {
				var me *MismatchError
				if !errors.As(err, &me) {
					t.Fatalf("want *MismatchError, got %v", err)
				}
				if me.Ledger.ID != "other-id" || me.Want.ID != testDest.ID {
					t.Fatalf("MismatchError = %+v", me)
				}
				for _, s := range []string{"Tasks", "other-id", testDest.Name, testDest.ID} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("message %q does not name %q", err, s)
					}
				}
			},
		},
		{
			name: "newer schema version",
			prepare: func(t *testing.T, path string) {
				l, err := Open(path, testDest)
				if err != nil {
					t.Fatal(err)
				}
				l.Close()
				rawExec(t, path, `UPDATE meta SET value = '99' WHERE key = ?`, metaVersion)
			},
			dest: testDest,
			check: func(t *testing.T, err error) {
				var ve *VersionError
				if !errors.As(err, &ve) || ve.Version != 99 || ve.Supported != SchemaVersion {
					t.Fatalf("want *VersionError{99, %d}, got %v", SchemaVersion, err)
				}
				if !strings.Contains(err.Error(), "upgrade cliodest") {
					t.Errorf("message %q does not tell to upgrade", err)
				}
			},
		},
		{
			name: "unreadable schema version",
			prepare: func(t *testing.T, path string) {
				l, err := Open(path, testDest)
				if err != nil {
					t.Fatal(err)
				}
				l.Close()
				rawExec(t, path, `UPDATE meta SET value = 'x' WHERE key = ?`, metaVersion)
			},
			dest:  testDest,
			check: wantCorrupt,
		},
		{
			name: "text file",
			prepare: func(t *testing.T, path string) {
				writeFile(t, path, []byte("status: paused\nnot: a database\n"))
			},
			dest:  testDest,
			check: wantCorrupt,
		},
		{
			name: "damaged database after a valid header",
			prepare: func(t *testing.T, path string) {
				b := append([]byte("SQLite format 3\x00"), []byte(strings.Repeat("\xff garbage ", 500))...)
				writeFile(t, path, b)
			},
			dest:  testDest,
			check: wantCorrupt,
		},
		{
			name: "another program's database",
			prepare: func(t *testing.T, path string) {
				rawExec(t, path, `CREATE TABLE songs (title TEXT)`)
			},
			dest:  testDest,
			check: wantCorrupt,
		},
		{
			name:    "empty destination id",
			prepare: func(t *testing.T, path string) {},
			dest:    Identity{Name: "no id"},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "destination id is empty") {
					t.Fatalf("want an empty-id error, got %v", err)
				}
			},
		},
		{
			name: "path is a directory",
			prepare: func(t *testing.T, path string) {
				if err := os.Mkdir(path, 0o700); err != nil {
					t.Fatal(err)
				}
			},
			dest: testDest,
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "is a directory") {
					t.Fatalf("want an is-a-directory error, got %v", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.ledger.db")
			tt.prepare(t, path)
			l, err := Open(path, tt.dest)
			if err == nil {
				l.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if !strings.Contains(err.Error(), path) && tt.dest.ID != "" {
				t.Errorf("error %q does not name the path", err)
			}
			tt.check(t, err)
		})
	}
}

func wantCorrupt(t *testing.T, err error) {
	t.Helper()
	var ce *CorruptError
	if !errors.As(err, &ce) {
		t.Fatalf("want *CorruptError, got %T %v", err, err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Tests run as root here, so a chmod'ed read-only directory would not stop
// a write; a parent that is a regular file fails the same way for everyone.
func TestOpenParentIsAFileNotADirectory(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "destination.yaml")
	writeFile(t, file, []byte("x"))
	path := filepath.Join(file, "sub", "d.ledger.db")
	l, err := Open(path, testDest)
	if err == nil {
		l.Close()
		t.Fatal("Open succeeded under a regular file")
	}
	if !strings.Contains(err.Error(), path) {
		t.Fatalf("error %q does not name the path", err)
	}
}

// SQLite's max_page_count makes the database "full" the way a full disk
// does (SQLITE_FULL); a write that did not land must not be acked.
func TestWriteFailureOnFullDatabaseIsReported(t *testing.T) {
	l, path := openTest(t, nil)
	var pages int
	if err := l.w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := l.w.Exec(`PRAGMA max_page_count = ` + strconv.Itoa(pages+2)); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("k", 900)
	var failedAt int
	for i := range 1000 {
		err := l.MarkInFlight([]Entry{mark(long+strconv.Itoa(i), i, "POST")})
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(strings.ToLower(err.Error()), "full") {
			t.Fatalf("error %q does not name the path and the cause", err)
		}
		if testing.Verbose() {
			t.Logf("write %d failed: %v", i, err)
		}
		failedAt = i
		break
	}
	if failedAt == 0 {
		t.Fatal("no write failed although the database could not grow")
	}
	mustAbsent(t, l, long+strconv.Itoa(failedAt))
	// Everything acked before is there.
	for i := range failedAt {
		if e := mustGet(t, l, long+strconv.Itoa(i)); e.State != InFlight {
			t.Fatalf("acked record %d is %s", i, e.State)
		}
	}
	// The writer survives the failure: once space is back, writes work.
	if _, err := l.w.Exec(`PRAGMA max_page_count = 1000000`); err != nil {
		t.Fatal(err)
	}
	if err := l.MarkInFlight([]Entry{mark("after", 1, "POST")}); err != nil {
		t.Fatalf("write after space came back: %v", err)
	}
}
