package nexset

import (
	"strings"
	"testing"
)

func TestJSONArray(t *testing.T) {
	type bad struct {
		line, pos int
		reason    string
	}
	tests := []struct {
		name  string
		in    string
		want  []map[string]any
		lines []int
		bad   []bad
		end   string // fatal error, "" for a clean end
		force bool   // Format: JSON instead of detection
	}{
		{name: "one line", in: `[{"a":1},{"a":2}]`, want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{1, 1}},
		{name: "pretty", in: "[\n  {\n    \"a\": 1,\n    \"m\": {\"id\": 3}\n  },\n  {\"a\": \"}]\\\"\"}\n]\n",
			want: []map[string]any{{"a": int64(1), "m": map[string]any{"id": int64(3)}}, {"a": "}]\""}}, lines: []int{2, 6}},
		{name: "CRLF and BOM", in: "\xEF\xBB\xBF[\r\n{\"a\":1},\r\n{\"a\":2}\r\n]\r\n", want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{2, 3}},
		{name: "empty array", in: " [ ] ", want: []map[string]any{}},
		{name: "empty file", in: "", want: []map[string]any{}},
		{name: "non-objects are bad records", in: "[1, \"x\", [2], null, true, {\"a\":1}]",
			want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			bad: []bad{{1, 1, "got a number"}, {1, 2, "got a string"}, {1, 3, "got an array"}, {1, 4, "got null"}, {1, 5, "got a boolean"}}},
		{name: "bad element then good", in: "[\n{\"a\":\n x},\n{\"a\":2}]",
			want: []map[string]any{{"a": int64(2)}}, lines: []int{4},
			bad: []bad{{3, 1, "invalid JSON: unexpected 'x' at column 2"}}},
		{name: "deep element", in: "[" + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + ",{\"a\":1}]",
			want: []map[string]any{{"a": int64(1)}}, lines: []int{1}, bad: []bad{{1, 1, "nested deeper than 64 levels"}}},
		{name: "invalid UTF-8", in: "[{\"a\":\"\xff\"},{\"a\":1}]", want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			bad: []bad{{1, 1, "invalid UTF-8"}}},
		{name: "not an array", in: `{"a":1}`, force: true, want: []map[string]any{}, end: "not a JSON array of records (it starts with '{')"},
		{name: "not closed", in: "[{\"a\":1},\n{\"a\":2}", want: []map[string]any{{"a": int64(1)}, {"a": int64(2)}}, lines: []int{1, 2},
			end: "line 2: unexpected end of file: the JSON array is not closed"},
		{name: "element not closed", in: "[{\"a\":1},\n{\"a\":\n2", want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			end: "unexpected end of file inside the record that starts on line 2"},
		{name: "missing comma", in: `[{"a":1} {"a":2}]`, want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			end: "expected ',' or ']' after a record, got '{'"},
		{name: "trailing comma", in: `[{"a":1},]`, want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			end: "expected a record, got ']'"},
		{name: "data after the array", in: "[{\"a\":1}]\n[]", want: []map[string]any{{"a": int64(1)}}, lines: []int{1},
			end: "line 2: unexpected '[' after the end of the JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{}
			if tt.force {
				o.Format = JSON
			}
			res := mustRead(t, tt.in, "matters.json", o)
			wantFields(t, res.recs, tt.want)
			for i, r := range res.recs {
				if r.Line != tt.lines[i] {
					t.Errorf("record %d on line %d, want %d", i, r.Line, tt.lines[i])
				}
			}
			if len(res.bad) != len(tt.bad) {
				t.Fatalf("bad records: got %v, want %d", res.bad, len(tt.bad))
			}
			for i, b := range tt.bad {
				e := res.bad[i]
				if e.Line != b.line || e.Pos != b.pos || !strings.Contains(e.Reason, b.reason) {
					t.Errorf("bad %d: got %+v, want line %d pos %d reason containing %q", i, e, b.line, b.pos, b.reason)
				}
			}
			switch {
			case tt.end == "" && res.end != nil:
				t.Errorf("reading ended with %v", res.end)
			case tt.end != "" && (res.end == nil || !strings.Contains(res.end.Error(), tt.end)):
				t.Errorf("end error = %v, want one containing %q", res.end, tt.end)
			case tt.end != "" && !strings.Contains(res.end.Error(), "matters.json"):
				t.Errorf("end error %q does not name the file", res.end)
			}
		})
	}
}

func TestJSONArrayFatalIsSticky(t *testing.T) {
	r, err := NewReader(t.Context(), strings.NewReader(`[{"a":1} x`), "a.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("errors after a fatal one: %v then %v, want the same twice", err1, err2)
	}
}

func TestJSONArrayTooLong(t *testing.T) {
	lowerMaxRecord(t, 1<<20)
	in := `[{"a":"` + strings.Repeat("x", 2<<20) + `"},{"a":1}]`
	res := mustRead(t, in, "big.json", Options{})
	wantFields(t, res.recs, []map[string]any{{"a": int64(1)}})
	if len(res.bad) != 1 || res.bad[0].Reason != "record longer than 1 MiB" {
		t.Errorf("bad = %v", res.bad)
	}
}
