package nexset

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A Windows-1252 export with a UTF-8 byte order mark before it (a tool
// that added one) read as windows-1252 or latin-1: the mark is not text,
// so the first header is Leistung, not "ï»¿Leistung" that no key or
// mapping could name.
func TestSingleByteEncodingSkipsUTF8Mark(t *testing.T) {
	for _, enc := range []Encoding{Windows1252, Latin1} {
		t.Run(string(enc), func(t *testing.T) {
			r, err := NewReader(context.Background(), strings.NewReader("\xEF\xBB\xBF"+win1252CSV), "export.csv", Options{Encoding: enc})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res := drain(t, r)
			if len(res.recs) != 2 {
				t.Fatalf("%d records, bad %v, end %v", len(res.recs), res.bad, res.end)
			}
			if f := res.recs[0].Fields; fmt.Sprint(f["Leistung"]) != "1" {
				t.Errorf("first record %v: the mark is read as text", f)
			}
		})
	}
}
