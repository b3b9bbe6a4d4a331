package nexset

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Each separator is found from the header and first rows, a .tsv file is
// tab separated, and a .txt or extension-less file is read as delimited text.
func TestDelimiterDetected(t *testing.T) {
	want := []map[string]any{{"Entry ID": int64(1), "Matter ID": int64(7), "Note": "a,b;c"}, {"Entry ID": int64(2), "Matter ID": int64(8), "Note": "x"}}
	cases := []struct {
		name, file, in string
		o              Options
		delim          rune
	}{
		{"comma", "a.csv", "Entry ID,Matter ID,Note\n1,7,\"a,b;c\"\n2,8,x\n", Options{}, ','},
		{"semicolon", "a.csv", "Entry ID;Matter ID;Note\n1;7;a,b;c\n2;8;x\n", Options{}, 0},
		{"semicolon quoted", "a.csv", "Entry ID;Matter ID;Note\n1;7;\"a,b;c\"\n2;8;x\n", Options{}, ';'},
		{"tab txt", "export.txt", "Entry ID\tMatter ID\tNote\r\n1\t7\ta,b;c\r\n2\t8\tx\r\n", Options{}, '\t'},
		{"tsv", "a.tsv", "Entry ID\tMatter ID\tNote\n1\t7\ta,b;c\n2\t8\tx\n", Options{}, '\t'},
		{"pipe no extension", "export", "Entry ID|Matter ID|Note\n1|7|a,b;c\n2|8|x\n", Options{}, '|'},
		{"override", "a.csv", "Entry ID;Matter ID;Note\n1;7;\"a,b;c\"\n2;8;x\n", Options{Delimiter: ';'}, ';'},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), strings.NewReader(c.in), c.file, c.o)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res := drain(t, r)
			if c.delim == 0 {
				// "a,b;c" unquoted makes the third row ragged under ';': the
				// header and the other row still decide, and the row is refused.
				if r.Layout().Delimiter != ';' || len(res.bad) != 1 || len(res.recs) != 1 {
					t.Fatalf("delimiter %q, %d good, bad %v", r.Layout().Delimiter, len(res.recs), res.bad)
				}
				return
			}
			if got := r.Layout().Delimiter; got != c.delim {
				t.Fatalf("delimiter %q, want %q", got, c.delim)
			}
			if len(res.bad) > 0 || res.end != nil {
				t.Fatalf("bad %v, end %v", res.bad, res.end)
			}
			var got []map[string]any
			for _, rec := range res.recs {
				got = append(got, rec.Fields)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("records %v, want %v", got, want)
			}
		})
	}
}

// A one-column file is comma separated (nothing splits it), and a header
// whose rows disagree with the most splitting separator takes the
// consistent one.
func TestDetectDelimiterChoice(t *testing.T) {
	cases := []struct {
		head string
		want rune
	}{
		{"Name\nA\nB\n", ','},
		{"Name;Hours\nA;1,5\nB;2,25\n", ';'},
		{"a,b,c;d\n1,2,3;4\n5,6,7;8\n", ','},
		{"a;b;c\n\"x;y\";2;3\n", ';'},
		{"a|b\n1|2", '|'}, // no final newline: the last line does not count, the header still does
	}
	for _, c := range cases {
		if got := detectDelimiter([]byte(c.head)); got != c.want {
			t.Errorf("%q: %q, want %q", c.head, got, c.want)
		}
	}
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{"": 0, "comma": ',', ";": ';', "TAB": '\t', `\t`: '\t', "pipe": '|'} {
		if got, err := ParseDelimiter(in); err != nil || got != want {
			t.Errorf("%q: %q, %v", in, got, err)
		}
	}
	if _, err := ParseDelimiter("colon"); err == nil || !strings.Contains(err.Error(), "comma, semicolon, tab or pipe") {
		t.Errorf("colon: %v", err)
	}
}

// Count reads a UTF-16 file's rows, not its bytes.
func TestCountDecodes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "export.txt")
	if err := os.WriteFile(path, utf16LE("A\tB\r\n1\t2\r\n3\t4\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := Count(context.Background(), path, Options{})
	if err != nil || n != 2 {
		t.Fatalf("count %d, %v", n, err)
	}
}
