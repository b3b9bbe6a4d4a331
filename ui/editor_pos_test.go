package ui

import "testing"

func TestProblemAt(t *testing.T) {
	body := "{\n  \"data\": {\n    \"date\": \"x\",\n    \"matter\": {\n      \"id\": \"a\"\n    }\n  }\n}"
	tests := []struct {
		problems  []string
		line, col int
	}{
		{nil, 0, 0},
		{[]string{"the body is not valid JSON: line 3, column 17: invalid character"}, 2, 16},
		{[]string{`data.matter.id must be an integer, got string "a"`}, 4, 6},
		{[]string{"missing data.type"}, 1, 2}, // not there: its parent
		{[]string{`data.date must be a date, got "x"`, "missing data.type"}, 2, 4},
		{[]string{"no catalogued endpoint"}, 0, 0},
	}
	for _, tt := range tests {
		if l, c := problemAt(body, tt.problems); l != tt.line || c != tt.col {
			t.Errorf("%q: %d:%d, want %d:%d", tt.problems, l, c, tt.line, tt.col)
		}
	}
}
