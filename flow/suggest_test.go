package flow

import (
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{"matter_id": "matter_id", "matterId": "matter_id", "Matter ID": "matter_id",
		"matter.id": "matter_id", "  Work-Date ": "work_date", "HOURS": "hours"} {
		if got := Normalise(in); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		tmpl  string
		attrs []nexset.Attr
		want  map[string]string // target → source:convert
	}{
		{tmpl: CreateActivity, attrs: []nexset.Attr{
			{Path: "Work Date", Types: []string{"string"}}, {Path: "hours", Types: []string{"number"}},
			{Path: "matterId", Types: []string{"string"}}, {Path: "narrative", Types: []string{"string"}},
			{Path: "type", Types: []string{"string"}}, {Path: "User ID", Types: []string{"integer"}}},
			want: map[string]string{"date": "Work Date:date", "quantity": "hours:hours_to_seconds", "matter.id": "matterId:integer",
				"note": "narrative:", "type": "type:", "user.id": "User ID:"}},
		{tmpl: CreateActivity, attrs: []nexset.Attr{{Path: "duration_minutes", Types: []string{"integer"}}, {Path: "matter", Types: []string{"object"}}},
			want: map[string]string{"quantity": "duration_minutes:minutes_to_seconds"}},
		{tmpl: CreateTask, attrs: []nexset.Attr{{Path: "title", Types: []string{"string"}}, {Path: "details", Types: []string{"string"}},
			{Path: "assignee_id", Types: []string{"integer"}}, {Path: "due_date", Types: []string{"date"}}, {Path: "priority", Types: []string{"string"}}},
			want: map[string]string{"name": "title:", "description": "details:", "assignee.id": "assignee_id:", "due_at": "due_date:datetime", "priority": "priority:"}},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			tp, _ := LookupTemplate(tt.tmpl)
			op, err := tp.Operation()
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, m := range Suggest(op, nexset.Schema{Attrs: tt.attrs}) {
				got[m.Target] = m.Source + ":" + m.Convert
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s ← %q, want %q", k, got[k], v)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("suggested %v, want %v", got, tt.want)
			}
		})
	}
}
