package nexset

import (
	"strings"
	"testing"
)

func TestJSONL(t *testing.T) {
	type bad struct {
		line, pos int
		reason    string
	}
	tests := []struct {
		name  string
		in    string
		want  []map[string]any
		lines []int // Line of each good record
		poss  []int // Pos of each good record
		bad   []bad
	}{
		{name: "plain", in: "{\"a\":1}\n{\"a\":2}\n",
			want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{1, 2}, poss: []int{1, 2}},
		{name: "no final newline", in: "{\"a\":1}\n{\"a\":2}",
			want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{1, 2}, poss: []int{1, 2}},
		{name: "blank lines skipped", in: "\n{\"a\":1}\n  \n\t\r\n{\"a\":2}\n\n",
			want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{2, 5}, poss: []int{1, 2}},
		{name: "CRLF", in: "{\"a\":\"x\"}\r\n{\"a\":\"y\"}\r\n",
			want: []map[string]any{{"a": "x"}, {"a": "y"}}, lines: []int{1, 2}, poss: []int{1, 2}},
		{name: "BOM", in: "\xEF\xBB\xBF{\"a\":1}\n",
			want: []map[string]any{{"a": int64(1)}}, lines: []int{1}, poss: []int{1}},
		{name: "empty", in: "", want: []map[string]any{}},
		{name: "only blanks", in: "\n \n\r\n", want: []map[string]any{}},
		{name: "bad lines reported and skipped past", in: "{\"a\":1}\nnot json\n[1]\n{\"a\":2}\n{\"a\":\n\"\xff\"\n{\"b\":\"\xfe\"}\n{\"a\":3}\n",
			want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}, {"a": int64(3)}}, lines: []int{1, 4, 8}, poss: []int{1, 4, 8},
			bad: []bad{
				{2, 2, "invalid JSON: unexpected 'n' at column 1"},
				{3, 3, "not a JSON object (got an array)"},
				{5, 5, "invalid JSON: unexpected end of record"},
				{6, 6, "invalid UTF-8 (byte 0xff) at column 2"},
				{7, 7, "invalid UTF-8 (byte 0xfe) at column 7"},
			}},
		{name: "deep nesting", in: strings.Repeat("[", 100000) + "\n{\"ok\":true}\n",
			want: []map[string]any{{"ok": true}}, lines: []int{2}, poss: []int{2},
			bad: []bad{{1, 1, "nested deeper than 64 levels"}}},
		{name: "column counts runes", in: `{"é":"ü" x}`,
			want: []map[string]any{}, bad: []bad{{1, 1, "expected ',' or '}' in an object, got 'x' at column 10"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, tt.in, "expenses.jsonl", Options{})
			if res.end != nil {
				t.Fatalf("reading ended with %v", res.end)
			}
			wantFields(t, res.recs, tt.want)
			for i, r := range res.recs {
				if i < len(tt.lines) && (r.Line != tt.lines[i] || r.Pos != tt.poss[i]) {
					t.Errorf("record %d: line %d pos %d, want line %d pos %d", i, r.Line, r.Pos, tt.lines[i], tt.poss[i])
				}
			}
			if len(res.bad) != len(tt.bad) {
				t.Fatalf("bad records: got %v, want %d", res.bad, len(tt.bad))
			}
			for i, b := range tt.bad {
				e := res.bad[i]
				if e.File != "expenses.jsonl" || e.Line != b.line || e.Pos != b.pos || !strings.Contains(e.Reason, b.reason) {
					t.Errorf("bad %d: got %+v, want line %d pos %d reason containing %q", i, e, b.line, b.pos, b.reason)
				}
			}
		})
	}
}

func TestRecordErrorMessage(t *testing.T) {
	res := mustRead(t, "{}\n{\"a\":x}\n", "expenses.jsonl", Options{})
	if len(res.bad) != 1 {
		t.Fatalf("want one bad record, got %v", res.bad)
	}
	want := "expenses.jsonl line 2: invalid JSON: unexpected 'x' at column 6"
	if got := res.bad[0].Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestJSONLHugeRecord(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	in := "{\"a\":1}\n{\"note\":\"" + big + "\"}\n{\"a\":2}\n"
	res := mustRead(t, in, "big.jsonl", Options{})
	if len(res.bad) != 0 || len(res.recs) != 3 {
		t.Fatalf("got %d records, bad %v", len(res.recs), res.bad)
	}
	if got := res.recs[1].Fields["note"].(string); len(got) != len(big) {
		t.Errorf("note has %d bytes, want %d", len(got), len(big))
	}
	if res.recs[2].Line != 3 {
		t.Errorf("record after the huge one is on line %d, want 3", res.recs[2].Line)
	}
}

func TestJSONLTooLongRecord(t *testing.T) {
	lowerMaxRecord(t, 1<<20)
	in := "{\"a\":1}\n{\"note\":\"" + strings.Repeat("x", 3<<20) + "\"}\n{\"a\":2}\n" + strings.Repeat("y", 2<<20)
	res := mustRead(t, in, "big.jsonl", Options{})
	wantFields(t, res.recs, []map[string]any{{"a": int64(1)}, {"a": int64(2)}})
	if len(res.bad) != 2 {
		t.Fatalf("want 2 bad records, got %v", res.bad)
	}
	for i, line := range []int{2, 4} {
		if res.bad[i].Line != line || res.bad[i].Reason != "record longer than 1 MiB" {
			t.Errorf("bad %d = %+v, want line %d, record longer than 1 MiB", i, res.bad[i], line)
		}
	}
}
