package ledger

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFullSaysSo: when SQLite cannot grow the file (SQLITE_FULL, here
// through a page limit standing in for a full disk), the error names the
// ledger's path and asks about the disk instead of SQLite's bare words.
func TestDiskFullSaysSo(t *testing.T) {
	l, path := openTest(t, nil)
	if _, err := l.w.Exec(`PRAGMA max_page_count = 8`); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = l.MarkInFlight([]Entry{mark(fmt.Sprintf("key-%d-%s", i, strings.Repeat("x", 200)), i, "POST")})
	}
	if err == nil {
		t.Fatal("10,000 records fitted in 8 pages")
	}
	t.Log(err)
	for _, want := range []string{path, "(is the disk full or read-only?)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestDiskHint(t *testing.T) {
	tests := []struct {
		err  error
		hint bool
	}{
		{&os.PathError{Op: "open", Path: "/x", Err: syscall.ENOSPC}, true},
		{&os.PathError{Op: "open", Path: "/x", Err: syscall.EROFS}, true},
		{&os.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, false},
		{fmt.Errorf("something else"), false},
	}
	for _, tt := range tests {
		if got := diskHint(tt.err) != ""; got != tt.hint {
			t.Errorf("diskHint(%v): %v, want %v", tt.err, got, tt.hint)
		}
	}
}
