package nexset

import (
	"errors"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	type bad struct {
		line, pos int
		reason    string
	}
	tests := []struct {
		name  string
		in    string
		keep  bool
		want  []map[string]any
		lines []int
		poss  []int // Pos of each good record; nil: 1, 2, 3…
		bad   []bad
	}{
		{name: "inference", in: "s,i,f,neg,b,B,date,code,exp,plus\nx,42,1.5,-3,true,FALSE,2024-03-01,007,1e3,+1\n",
			want: []map[string]any{{"s": "x", "i": int64(42), "f": 1.5, "neg": int64(-3), "b": true, "B": false,
				"date": "2024-03-01", "code": "007", "exp": 1000.0, "plus": "+1"}}, lines: []int{2}},
		{name: "keep strings", keep: true, in: "i,b,e\n42,true,\n",
			want: []map[string]any{{"i": "42", "b": "true", "e": ""}}, lines: []int{2}},
		{name: "empty cells left out", in: "a,b,m.id\n1,,\n",
			want: []map[string]any{{"a": int64(1)}}, lines: []int{2}},
		{name: "dotted headers nest", in: "matter.id,matter.client.name,note\n7,Acme,hi\n",
			want: []map[string]any{{"matter": map[string]any{"id": int64(7), "client": map[string]any{"name": "Acme"}}, "note": "hi"}}, lines: []int{2}},
		{name: "header spaces trimmed", in: " a , b \n1,2\n", want: []map[string]any{{"a": int64(1), "b": int64(2)}}, lines: []int{2}},
		{name: "BOM and CRLF", in: "\xEF\xBB\xBFa,b\r\n1,x\r\n2,y\r\n",
			want: []map[string]any{{"a": int64(1), "b": "x"}, {"a": int64(2), "b": "y"}}, lines: []int{2, 3}},
		{name: "quoted newlines keep line numbers", in: "a,b\n\"multi\nline\",1\nz,2\n",
			want: []map[string]any{{"a": "multi\nline", "b": int64(1)}, {"a": "z", "b": int64(2)}}, lines: []int{2, 4}},
		{name: "blank lines skipped", in: "a\n\n1\n\n2\n", want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{3, 5}},
		{name: "header only", in: "a,b\n", want: []map[string]any{}},
		{name: "empty file", in: "", want: []map[string]any{}},
		{name: "ragged rows", in: "a,b\n1,2\n1\n1,2,3\n3,4\n",
			want: []map[string]any{{"a": int64(1), "b": int64(2)}, {"a": int64(3), "b": int64(4)}}, lines: []int{2, 5}, poss: []int{1, 4},
			bad: []bad{{3, 2, "1 fields, but the header has 2"}, {4, 3, "3 fields, but the header has 2"}}},
		{name: "invalid UTF-8", in: "a,b\n1,\xff\n2,ok\n", want: []map[string]any{{"a": int64(2), "b": "ok"}}, lines: []int{3}, poss: []int{2},
			bad: []bad{{2, 1, `invalid UTF-8 in column "b"`}}},
		{name: "bare quote", in: "a,b\n1,x\"y\n2,z\n", want: []map[string]any{{"a": int64(2), "b": "z"}}, lines: []int{3}, poss: []int{2},
			bad: []bad{{2, 1, `bare " in non-quoted-field at column 4`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustRead(t, tt.in, "time.csv", Options{KeepStrings: tt.keep})
			if res.end != nil {
				t.Fatalf("reading ended with %v", res.end)
			}
			wantFields(t, res.recs, tt.want)
			for i, r := range res.recs {
				wantPos := i + 1
				if tt.poss != nil {
					wantPos = tt.poss[i]
				}
				if r.Line != tt.lines[i] || r.Pos != wantPos {
					t.Errorf("record %d: line %d pos %d, want line %d", i, r.Line, r.Pos, tt.lines[i])
				}
			}
			if len(res.bad) != len(tt.bad) {
				t.Fatalf("bad records: got %v, want %d", res.bad, len(tt.bad))
			}
			for i, b := range tt.bad {
				e := res.bad[i]
				if e.File != "time.csv" || e.Line != b.line || e.Pos != b.pos || !strings.Contains(e.Reason, b.reason) {
					t.Errorf("bad %d: got %+v, want line %d pos %d reason containing %q", i, e, b.line, b.pos, b.reason)
				}
			}
		})
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"duplicate", "a,b,a\n1,2,3\n", []string{`time.csv line 1: header row: duplicate column name "a" (columns 1 and 3)`}},
		{"empty", "a,,b, \n1,2,3,4\n", []string{"empty column name (column 2, 4)"}},
		{"conflict", "matter,matter.id\n1,2\n", []string{`column "matter" (column 1) is also the object of column "matter.id" (column 2)`}},
		{"after BOM and blank lines", "\xEF\xBB\xBF\n\nx,x\n", []string{"line 3: header row: duplicate column name"}},
		{"broken quote", "\"a,b\n", []string{"line 1", "header row:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readString(t, tt.in, "time.csv", Options{})
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("NewReader error = %v, want a *RecordError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestCSVTooLongLine(t *testing.T) {
	lowerMaxRecord(t, 1<<20)
	res := mustRead(t, "a\n1\n"+strings.Repeat("x", 2<<20), "big.csv", Options{})
	if res.end == nil || !strings.Contains(res.end.Error(), "big.csv") || !strings.Contains(res.end.Error(), "longer than 1 MiB") {
		t.Errorf("end = %v, want a fatal error naming the file and the limit", res.end)
	}
	wantFields(t, res.recs, []map[string]any{{"a": int64(1)}})
}
