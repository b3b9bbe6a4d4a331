package nexset

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, content string
		format              Format
		want                Format
	}{
		{"jsonl ext", "a.jsonl", "", "", JSONL},
		{"ndjson ext", "a.ndjson", "[1]", "", JSONL},
		{"csv ext", "a.CSV", "{a}", "", CSV},
		{"json array", "a.json", " \n[{}]", "", JSON},
		{"json ext holding lines", "a.json", "{\"a\":1}\n", "", JSONL},
		{"json ext holding csv", "a.json", "a,b\n", "", JSON},
		{"sniff array", "data", "\xEF\xBB\xBF\r\n  [", "", JSON},
		{"sniff lines", "data.txt", "\t{\"a\":1}", "", JSONL},
		{"sniff csv", "data.txt", "a,b\n1,2\n", "", CSV},
		{"sniff empty", "data", "", "", JSONL},
		{"sniff after long blanks", "data", strings.Repeat(" \n", 5000) + "[]", "", JSON},
		{"explicit wins", "a.jsonl", "a,b\n", CSV, CSV},
		{"explicit ndjson", "a.txt", "", "ndjson", JSONL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			r, err := Open(t.Context(), path, Options{Format: tt.format})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Format() != tt.want {
				t.Errorf("Format() = %q, want %q", r.Format(), tt.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path string
		o          Options
		want       string
	}{
		{"missing", filepath.Join(dir, "nope.jsonl"), Options{}, "no Nexset at " + filepath.Join(dir, "nope.jsonl") + ": there is no such file; check the path"},
		{"directory", dir, Options{}, "the Nexset " + dir + " cannot be opened: it is a directory, not a file"},
		{"unknown format", writeFile(t, "a.jsonl", ""), Options{Format: "xml"}, `unknown Nexset format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(t.Context(), tt.path, tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open = %v, %v; want error containing %q", r, err, tt.want)
			}
		})
	}
}

func TestOpenStdin(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = pr
	t.Cleanup(func() { os.Stdin = old; pr.Close() })
	go func() {
		_, _ = pw.WriteString("a,b\n1,2\n")
		pw.Close()
	}()
	r, err := Open(t.Context(), "-", Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := drain(t, r)
	if r.Format() != CSV || len(res.recs) != 1 || res.recs[0].Fields["b"] != int64(2) {
		t.Errorf("format %s, records %v", r.Format(), res.recs)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := old.Stat(); err != nil {
		t.Errorf("closing a standard input reader must not close it: %v", err)
	}
}

func TestCloseEndsReading(t *testing.T) {
	r, err := Open(t.Context(), writeFile(t, "a.jsonl", "{}\n{}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Next after Close = %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestCancelledContextStopsReading(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	r, err := NewReader(ctx, strings.NewReader(strings.Repeat("{}\n", 1000)), "a.jsonl", Options{})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	n := 0
	for {
		_, err := r.Next()
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Next = %v, want context.Canceled", err)
			}
			break
		}
		n++
	}
	if n >= 1000 {
		t.Errorf("read all %d records after cancel", n)
	}
}

func TestHead(t *testing.T) {
	tests := []struct {
		name, file, content string
		n                   int
		wantRecs            int
		wantBad             []string
		wantErr             string
	}{
		{"first n", "a.jsonl", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", 2, 2, nil, ""},
		{"fewer than n", "a.jsonl", "{\"a\":1}\n", 5, 1, nil, ""},
		{"bad among them", "a.jsonl", "{\"a\":1}\nbad\n{\"a\":3}\n[]\n", 4, 2, []string{"a.jsonl line 2:", "a.jsonl line 4:"}, ""},
		{"empty jsonl", "e.jsonl", "\n\n", 5, 0, nil, "no records in "},
		{"header-only csv", "e.csv", "a,b\n", 5, 0, nil, "no records in "},
		{"empty array", "e.json", "[]", 5, 0, nil, "no records in "},
		{"csv header error", "h.csv", "a,a\n1,2\n", 5, 0, nil, "duplicate column name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			recs, schema, err := Head(t.Context(), path, Options{Follow: true}, tt.n)
			if len(recs) != tt.wantRecs || schema.Records != tt.wantRecs {
				t.Errorf("got %d records, schema of %d; want %d", len(recs), schema.Records, tt.wantRecs)
			}
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("err = %v, want %q", err, tt.wantErr)
				}
				if strings.Contains(tt.wantErr, "no records") && !errors.Is(err, ErrNoRecords) {
					t.Errorf("err = %v, want ErrNoRecords", err)
				}
			case tt.wantBad == nil && err != nil:
				t.Errorf("err = %v", err)
			default:
				for _, w := range tt.wantBad {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("err = %v, want it to contain %q", err, w)
					}
				}
			}
		})
	}
}

func TestHeadNeedsPositiveN(t *testing.T) {
	if _, _, err := Head(t.Context(), writeFile(t, "a.jsonl", "{}\n"), Options{}, 0); err == nil {
		t.Error("Head with n = 0 succeeded")
	}
}

func TestHeadSchema(t *testing.T) {
	path := writeFile(t, "a.jsonl", "{\"matter\":{\"id\":1},\"n\":2}\n")
	_, s, err := Head(t.Context(), path, Options{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Attrs) != 3 || s.Attrs[1].Path != "matter.id" {
		t.Errorf("schema %+v", s)
	}
}

// TestCountMatchesNext checks that Count, which only finds record
// boundaries, agrees with what Next reports.
func TestCountMatchesNext(t *testing.T) {
	tests := []struct{ file, content string }{
		{"a.jsonl", "{\"a\":1}\n\nbad\n  \n{\"a\":2}"},
		{"a.jsonl", "\xEF\xBB\xBF{}\r\n{}\r\n"},
		{"a.csv", "a,b\n1,2\n\n\"x\ny\",3\n4\n5,6"},
		{"a.csv", "a,b\r\n1,\"\"\"quoted\"\"\"\r\n"},
		{"a.json", "[{\"a\":1}, 2, {\"a\":\"]}\"}, [[]]]"},
		{"a.json", "[\n{\"a\":1},\n{\"b\":[1,2,{}]}\n]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			r, err := Open(t.Context(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			res := drain(t, r)
			if res.end != nil {
				t.Fatal(res.end)
			}
			n, err := Count(t.Context(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(res.recs) + len(res.bad); n != want {
				t.Errorf("Count = %d, Next saw %d records", n, want)
			}
		})
	}
}

func TestCountErrors(t *testing.T) {
	tests := []struct{ name, file, content, want string }{
		{"empty", "e.jsonl", "", "no records in "},
		{"blank", "e.jsonl", "\n \n", "no records in "},
		{"header only", "e.csv", "a\n", "no records in "},
		{"empty array", "e.json", "[ ]", "no records in "},
		{"broken array", "b.json", "[{}", "the JSON array is not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.file, tt.content)
			_, err := Count(t.Context(), path, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("Count = %v, want an error naming %s and containing %q", err, tt.file, tt.want)
			}
		})
	}
	if _, err := Count(t.Context(), filepath.Join(t.TempDir(), "missing.csv"), Options{}); err == nil {
		t.Error("Count of a missing file succeeded")
	}
}
