package flow

import (
	"fmt"
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
			want: map[string]string{"quantity": "duration_minutes:minutes_to_seconds", "type": "=TimeEntry"}},
		// A firm's billing export (issue 22): Hrs. is hours, Billable? is the
		// opposite of non_billable, Activity holds names (not IDs), Rate is
		// the price, and the type follows from the hours.
		{tmpl: CreateActivity, attrs: []nexset.Attr{
			{Path: "Entry #", Types: []string{"integer"}}, {Path: "Work Date", Types: []string{"string"}, Examples: []string{"3/4/2026"}},
			{Path: "Hrs.", Types: []string{"number"}}, {Path: "Billable?", Types: []string{"string"}, Examples: []string{"Y", "N"}},
			{Path: "Activity", Types: []string{"string"}, Examples: []string{"Research", "Drafting"}},
			{Path: "Narrative", Types: []string{"string"}}, {Path: "Rate", Types: []string{"number"}}},
			want: map[string]string{"date": "Work Date:date", "quantity": "Hrs.:hours_to_seconds", "non_billable": "Billable?:boolean:not",
				"note": "Narrative:", "price": "Rate:", "type": "=TimeEntry"}},
		// Activity IDs do go to activity_description.id; a price without
		// hours is an expense; Category IDs go to expense_category.id.
		{tmpl: CreateActivity, attrs: []nexset.Attr{
			{Path: "Activity", Types: []string{"integer"}, Examples: []string{"7", "12"}}, {Path: "Amount", Types: []string{"number"}},
			{Path: "Category", Types: []string{"string"}, Examples: []string{"41", "null"}}, {Path: "is_billable", Types: []string{"boolean"}}},
			want: map[string]string{"activity_description.id": "Activity:", "price": "Amount:", "expense_category.id": "Category:integer",
				"non_billable": "is_billable:boolean:not", "type": "=ExpenseEntry"}},
		{tmpl: CreateTask, attrs: []nexset.Attr{{Path: "Task type", Types: []string{"integer"}}, {Path: "title", Types: []string{"string"}}},
			want: map[string]string{"task_type.id": "Task type:", "name": "title:"}},
		{tmpl: CreateTask, attrs: []nexset.Attr{{Path: "title", Types: []string{"string"}}, {Path: "details", Types: []string{"string"}},
			{Path: "assignee_id", Types: []string{"integer"}}, {Path: "due_date", Types: []string{"date"}}, {Path: "priority", Types: []string{"string"}}},
			want: map[string]string{"name": "title:", "description": "details:", "assignee.id": "assignee_id:", "due_at": "due_date:datetime", "priority": "priority:"}},
		{tmpl: CreateContact, attrs: []nexset.Attr{{Path: "Full Name", Types: []string{"string"}}, {Path: "Given name", Types: []string{"string"}},
			{Path: "Surname", Types: []string{"string"}}, {Path: "DOB", Types: []string{"date"}}},
			want: map[string]string{"name": "Full Name:", "first_name": "Given name:", "last_name": "Surname:", "date_of_birth": "DOB:date", "type": "=Person"}},
		{tmpl: CreateMatter, attrs: []nexset.Attr{{Path: "Client ID", Types: []string{"integer"}}, {Path: "Matter summary", Types: []string{"string"}},
			{Path: "Intake date", Types: []string{"date"}}},
			want: map[string]string{"client.id": "Client ID:", "description": "Matter summary:", "open_date": "Intake date:date"}},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			tp, _ := LookupTemplate(tt.tmpl)
			op, err := tp.Operation()
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			ms := Suggest(op, nexset.Schema{Attrs: tt.attrs})
			if m, ok := SuggestType(op, ms); ok {
				ms = append(ms, m)
			}
			for _, m := range ms {
				got[m.Target] = m.Source + ":" + m.Convert
				if m.Const {
					got[m.Target] = fmt.Sprint("=", m.Value)
				}
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

func TestOpposite(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Billable?", "non_billable", true}, {"billable", "non_billable", true}, {"Active", "inactive", true},
		{"inactive", "Active", true}, {"is_billable", "nonbillable", true}, {"Not Billable", "billable", true},
		{"non_billable", "non_billable", false}, {"Billable?", "billable", false}, {"no_charge", "charge", true},
		{"Private", "is_public", true}, {"Notes", "note", false}, {"none", "no_charge", false},
	} {
		if got := opposite(c.a, c.b); got != c.want {
			t.Errorf("opposite(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
