package nexset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// HeaderRow reads delimited text from the header's line: the title lines
// above it are skipped (even one with a stray quote or a long one, and the
// separator is detected from the header, not the title), and records and
// errors keep the file's own line numbers.
func TestHeaderRowSkipsTitleLines(t *testing.T) {
	title := "Time report \"March\" 2026 " + strings.Repeat("-", 2*bufSize) + "\r\n"
	in := title + "Printed 2026-04-01\r\nRef;Date;Hours\r\nA1;03/04/2026;1\r\nA2;04/04/2026\r\nA3;05/04/2026;2\r\n"
	res, err := readString(t, in, "export.csv", Options{HeaderRow: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.end != nil {
		t.Fatal(res.end)
	}
	if len(res.recs) != 2 || res.recs[0].Line != 4 || res.recs[1].Line != 6 || res.recs[0].Fields["Ref"] != "A1" || res.recs[1].Fields["Hours"] != int64(2) {
		t.Fatalf("records %+v", res.recs)
	}
	if len(res.bad) != 1 || res.bad[0].Line != 5 || !strings.Contains(res.bad[0].Error(), "2 fields, but the header has 3") {
		t.Fatalf("bad rows %v", res.bad)
	}
	r, err := NewReader(context.Background(), strings.NewReader(in), "export.csv", Options{HeaderRow: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if l := r.Layout(); l.Delimiter != ';' || l.HeaderRow != 3 {
		t.Errorf("layout %+v", l)
	}
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := Count(context.Background(), path, Options{HeaderRow: 3}); err != nil || n != 3 {
		t.Errorf("Count: %d %v, want the 3 rows below the header", n, err)
	}
}

// A header row past the end of the file is refused saying how many lines
// there are; a bad header on its line is named with that line.
func TestHeaderRowPastTheEndAndBadHeader(t *testing.T) {
	_, err := readString(t, "Title\nRef,Date\n", "export.csv", Options{HeaderRow: 5})
	if err == nil || !strings.Contains(err.Error(), "header row 5: the file has only 2 complete line(s)") {
		t.Errorf("past the end: %v", err)
	}
	_, err = readString(t, "Title\nRef,Ref\nA1,B\n", "export.csv", Options{HeaderRow: 2})
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "duplicate column name") {
		t.Errorf("bad header: %v", err)
	}
}
