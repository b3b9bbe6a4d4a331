package nexset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const envelope = `{
  "meta": {"page": 1, "tags": ["a", "b"], "note": "a } and a ] in a string"},
  "data": [
    {"id": 1, "matter": {"id": 3001}},
    {"id": 2, "matter": {"id": 3002}}
  ],
  "total": 2
}
`

func TestEnvelope(t *testing.T) {
	cases := []struct {
		name, in, file, path string
		wantPath             string
		ids                  []int64
		lines                []int
		err                  string
	}{
		{name: "one array", in: envelope, file: "export.json", wantPath: "data", ids: []int64{1, 2}, lines: []int{4, 5}},
		{name: "no extension", in: envelope, file: "export", wantPath: "data", ids: []int64{1, 2}, lines: []int{4, 5}},
		{name: "nested", in: `{"response": {"count": 1, "items": [{"id": 7}]}}`, file: "a.json", wantPath: "response.items", ids: []int64{7}, lines: []int{1}},
		{name: "chosen", in: `{"data": [{"id": 1}], "included": [{"id": 9}, {"id": 8}]}`, file: "a.json", path: "included", wantPath: "included", ids: []int64{9, 8}, lines: []int{1, 1}},
		{name: "several", in: `{"data": [{"id": 1}], "included": [{"id": 9}]}`, file: "a.json",
			err: "several arrays of records (data, included): choose one with --records-path (nexset.records_path)"},
		{name: "path missing", in: envelope, file: "a.json", path: "items", err: "no array of records at items; the document holds data"},
		{name: "JSON Lines in a .json file", in: "{\"id\": 1, \"xs\": [{\"a\": 1}]}\n{\"id\": 2}\n", file: "a.json", ids: []int64{1, 2}, lines: []int{1, 2}},
		{name: "arrays of scalars are not records", in: `{"id": 1, "tags": ["x"]}`, file: "a.json", ids: []int64{1}, lines: []int{1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), strings.NewReader(c.in), c.file, Options{RecordsPath: c.path})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := r.Layout().RecordsPath; got != c.wantPath {
				t.Errorf("records path %q, want %q", got, c.wantPath)
			}
			res := drain(t, r)
			if len(res.bad) > 0 || res.end != nil {
				t.Fatalf("bad %v, end %v", res.bad, res.end)
			}
			var ids []int64
			var lines []int
			for _, rec := range res.recs {
				ids = append(ids, rec.Fields["id"].(int64))
				lines = append(lines, rec.Line)
			}
			if !equalSlices(ids, c.ids) || !equalSlices(lines, c.lines) {
				t.Errorf("ids %v lines %v, want %v %v", ids, lines, c.ids, c.lines)
			}
		})
	}
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// An envelope is read as it streams: standard input with a records path,
// and Count and Layout of a file.
func TestEnvelopeStreamsAndCounts(t *testing.T) {
	r, err := NewReader(context.Background(), strings.NewReader(envelope), "standard input", Options{RecordsPath: "data", Format: JSON})
	if err != nil {
		t.Fatal(err)
	}
	if res := drain(t, r); len(res.recs) != 2 || res.end != nil {
		t.Fatalf("stdin: %d records, end %v", len(res.recs), res.end)
	}
	r.Close()
	path := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(path, []byte(envelope), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := Count(context.Background(), path, Options{}); err != nil || n != 2 {
		t.Fatalf("count %d, %v", n, err)
	}
	_, schema, err := Head(context.Background(), path, Options{}, 10)
	if err != nil || schema.Layout.String() != "a JSON document, records at data, utf-8" || schema.Layout.Plain() {
		t.Fatalf("layout %q, %v", schema.Layout, err)
	}
}

// A large envelope, its records after a 1 MiB member, is counted whole.
func TestEnvelopeLarge(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"meta": {"x": "` + strings.Repeat("m", 1<<20) + `"}, "data": [`)
	for i := range 50_000 {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(`{"id": 1, "note": "a record of some length to make the file large"}`)
	}
	sb.WriteString("]}")
	n, err := Count(context.Background(), writeTemp(t, "big.json", sb.String()), Options{})
	if err != nil || n != 50_000 {
		t.Fatalf("count %d, %v", n, err)
	}
}

func writeTemp(t *testing.T, name, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
