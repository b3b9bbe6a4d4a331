package nexset

import (
	"reflect"
	"strings"
	"testing"
)

func TestInferSchema(t *testing.T) {
	recs := []Record{
		{Fields: map[string]any{"id": int64(1), "date": "2024-03-01", "matter": map[string]any{"id": int64(7)}, "tags": []any{"a"}, "note": "first"}},
		{Fields: map[string]any{"id": int64(2), "date": "2024-03-02T09:30:00Z", "matter": nil, "hours": 1.5, "note": strings.Repeat("é", 60)}},
		{Fields: map[string]any{"id": "x3", "billable": true, "matter": map[string]any{"id": int64(7)}, "note": "first"}},
		{Fields: map[string]any{"id": int64(4), "note": "fourth", "empty": map[string]any{}}},
		{Fields: map[string]any{"id": int64(5), "note": "fifth"}},
	}
	s := InferSchema(recs)
	if s.Records != 5 {
		t.Errorf("Records = %d, want 5", s.Records)
	}
	want := map[string]Attr{
		"date":      {Path: "date", Types: []string{"date"}, Examples: []string{"2024-03-01", "2024-03-02T09:30:00Z"}, Present: 2},
		"id":        {Path: "id", Types: []string{"string", "integer"}, Examples: []string{"1", "2", "x3"}, Present: 5},
		"matter":    {Path: "matter", Types: []string{"object", "null"}, Examples: []string{"null"}, Present: 3},
		"matter.id": {Path: "matter.id", Types: []string{"integer"}, Examples: []string{"7"}, Present: 2},
		"note":      {Path: "note", Types: []string{"string"}, Examples: []string{"first", strings.Repeat("é", 39) + "…", "fourth"}, Present: 5},
		"tags":      {Path: "tags", Types: []string{"array"}, Examples: []string{`["a"]`}, Present: 1},
		"hours":     {Path: "hours", Types: []string{"number"}, Examples: []string{"1.5"}, Present: 1},
		"billable":  {Path: "billable", Types: []string{"boolean"}, Examples: []string{"true"}, Present: 1},
		"empty":     {Path: "empty", Types: []string{"object"}, Present: 1},
	}
	if len(s.Attrs) != len(want) {
		t.Fatalf("got %d attrs: %+v", len(s.Attrs), s.Attrs)
	}
	for _, a := range s.Attrs {
		if w, ok := want[a.Path]; !ok || !reflect.DeepEqual(a, w) {
			t.Errorf("attr %s:\n got %+v\nwant %+v", a.Path, a, w)
		}
	}
	// First appearance: record 1's attributes (sorted within it) come first,
	// a parent before its members.
	var order []string
	for _, a := range s.Attrs {
		order = append(order, a.Path)
	}
	wantOrder := []string{"date", "id", "matter", "matter.id", "note", "tags", "hours", "billable", "empty"}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("order %v, want %v", order, wantOrder)
	}
}

func TestInferSchemaEmpty(t *testing.T) {
	if s := InferSchema(nil); s.Records != 0 || len(s.Attrs) != 0 {
		t.Errorf("InferSchema(nil) = %+v", s)
	}
}

func TestIsDate(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2024-03-01", true},
		{"2024-02-30", false},
		{"2024-3-1", false},
		{"2024-03-01T09:30:00Z", true},
		{"2024-03-01T09:30:00.123+02:00", true},
		{"2024-03-01T09:30:00", true},
		{"2024-03-01 09:30:00", false},
		{"20240301", false},
		{"hello world", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsDate(tt.in); got != tt.want {
			t.Errorf("IsDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSchemaOfCSVDates(t *testing.T) {
	res := mustRead(t, "d,n\n2024-01-05,3\n", "t.csv", Options{})
	s := InferSchema(res.recs)
	got := map[string][]string{}
	for _, a := range s.Attrs {
		got[a.Path] = a.Types
	}
	if !reflect.DeepEqual(got, map[string][]string{"d": {"date"}, "n": {"integer"}}) {
		t.Errorf("types %v", got)
	}
	if res.recs[0].Fields["d"] != "2024-01-05" {
		t.Errorf("a CSV date must stay a string, got %#v", res.recs[0].Fields["d"])
	}
}
