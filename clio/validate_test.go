package clio

import (
	"slices"
	"strings"
	"testing"
)

// Good bodies for the four templates, built from the spec's attributes.
const (
	goodCreateActivity = `{"data":{"type":"TimeEntry","date":"2024-05-01","quantity":3600,"price":250.5,
		"matter":{"id":1001},"user":{"id":7},"activity_description":{"id":12},"note":"Drafting","non_billable":false,
		"tax_setting":"no_tax","vendor":{"id":null}}}`
	goodUpdateActivity = `{"data":{"quantity":1800,"note":"Revised"}}`
	goodCreateTask     = `{"data":{"name":"Call client","description":"About the hearing","assignee":{"id":7,"type":"User"},
		"priority":"High","status":"pending","due_at":"2024-05-01T09:00:00-07:00","matter":{"id":1001},"time_estimated":3600}}`
	goodUpdateTask = `{"data":{"status":"complete","priority":"Low","due_at":"2024-06-01T00:00:00Z"}}`
)

func TestValidateGoodBodies(t *testing.T) {
	tests := []struct{ method, path, body string }{
		{"POST", "/activities.json", goodCreateActivity},
		{"PATCH", "/activities/{record.id}.json", goodUpdateActivity},
		{"POST", "/tasks.json", goodCreateTask},
		{"PATCH", "/tasks/5.json", goodUpdateTask},
		{"PATCH", "/tasks/5.json", `{"data":{}}`},
		{"PATCH", "/tasks/5.json", ""},
		{"POST", "/tasks.json", "[" + goodCreateTask + "," + goodCreateTask + "]"},
		{"POST", "/activities.json", `[{"type":"ExpenseEntry","date":"2024-02-29","price":12}]`},
		{"POST", "/activities.json", `{"data":{"type":"TimeEntry","date":"2024-05-01","quantity":1.0,"matter":{"id":1e3}}}`},
		{"GET", "/tasks.json", ""},
	}
	for _, tt := range tests {
		op := mustLookup(t, tt.method, tt.path)
		if got := op.Validate([]byte(tt.body)); len(got) != 0 {
			t.Errorf("%s %s Validate(%.40q…) = %+v, want no problems", tt.method, tt.path, tt.body, got)
		}
	}
}

func TestValidateProblems(t *testing.T) {
	tests := []struct {
		name, method, path, body string
		want                     []Problem // exact, in order
	}{
		{"task without assignee", "POST", "/tasks.json", `{"data":{"name":"n","description":"d"}}`,
			[]Problem{{Path: "data.assignee", Message: "missing data.assignee"}}},
		{"task assignee without id and type", "POST", "/tasks.json", `{"data":{"name":"n","description":"d","assignee":{}}}`,
			[]Problem{{Path: "data.assignee.id", Message: "missing data.assignee.id"}, {Path: "data.assignee.type", Message: "missing data.assignee.type"}}},
		{"task priority enum", "POST", "/tasks.json", `{"data":{"name":"n","description":"d","assignee":{"id":1,"type":"User"},"priority":"Urgent"}}`,
			[]Problem{{Path: "data.priority", Message: `data.priority must be High, Normal or Low, got "Urgent"`}}},
		{"task assignee type enum", "PATCH", "/tasks/1.json", `{"data":{"assignee":{"id":1,"type":"Group"}}}`,
			[]Problem{{Path: "data.assignee.type", Message: `data.assignee.type must be User or Contact, got "Group"`}}},
		{"task due_at not RFC 3339", "PATCH", "/tasks/1.json", `{"data":{"due_at":"2024-05-01 09:00"}}`,
			[]Problem{{Path: "data.due_at", Message: `data.due_at must be a date-time (RFC 3339, e.g. 2024-05-01T09:00:00Z), got "2024-05-01 09:00"`}}},
		{"task int32 out of range", "PATCH", "/tasks/1.json", `{"data":{"time_estimated":3000000000}}`,
			[]Problem{{Path: "data.time_estimated", Message: "data.time_estimated must be a 32-bit integer, got number 3000000000 (out of range)"}}},
		{"activity without date", "POST", "/activities.json", `{"data":{"type":"TimeEntry"}}`,
			[]Problem{{Path: "data.date", Message: "missing data.date"}}},
		{"activity without anything", "POST", "/activities.json", `{"data":{}}`,
			[]Problem{{Path: "data.type", Message: "missing data.type"}, {Path: "data.date", Message: "missing data.date"}}},
		{"quantity as string", "POST", "/activities.json", `{"data":{"type":"TimeEntry","date":"2024-05-01","quantity":"1.5"}}`,
			[]Problem{{Path: "data.quantity", Message: `data.quantity must be a number, got string "1.5"`}}},
		{"id with fraction", "PATCH", "/activities/1.json", `{"data":{"matter":{"id":1.5}}}`,
			[]Problem{{Path: "data.matter.id", Message: "data.matter.id must be an integer, got number 1.5"}}},
		{"id beyond int64", "PATCH", "/activities/1.json", `{"data":{"matter":{"id":99999999999999999999}}}`,
			[]Problem{{Path: "data.matter.id", Message: "data.matter.id must be an integer, got number 99999999999999999999 (out of range)"}}},
		{"bare id for linked record", "PATCH", "/activities/1.json", `{"data":{"matter":1001}}`,
			[]Problem{{Path: "data.matter", Message: `data.matter must be an object like {"id": 123}, got number 1001`}}},
		{"boolean as string", "PATCH", "/activities/1.json", `{"data":{"non_billable":"yes"}}`,
			[]Problem{{Path: "data.non_billable", Message: `data.non_billable must be a boolean, got string "yes"`}}},
		{"note as number", "PATCH", "/activities/1.json", `{"data":{"note":5}}`,
			[]Problem{{Path: "data.note", Message: "data.note must be a string, got number 5"}}},
		{"matter.id null", "PATCH", "/activities/1.json", `{"data":{"matter":{"id":null}}}`,
			[]Problem{{Path: "data.matter.id", Message: "data.matter.id must not be null"}}},
		{"required null", "POST", "/activities.json", `{"data":{"type":"TimeEntry","date":null}}`,
			[]Problem{{Path: "data.date", Message: "data.date must not be null"}}},
		{"bad date", "POST", "/activities.json", `{"data":{"type":"TimeEntry","date":"2024-02-30"}}`,
			[]Problem{{Path: "data.date", Message: `data.date must be a date (YYYY-MM-DD), got "2024-02-30"`}}},
		{"slash date", "POST", "/activities.json", `{"data":{"type":"TimeEntry","date":"05/01/2024"}}`,
			[]Problem{{Path: "data.date", Message: `data.date must be a date (YYYY-MM-DD), got "05/01/2024"`}}},
		{"type enum", "POST", "/activities.json", `{"data":{"type":"Time","date":"2024-05-01"}}`,
			[]Problem{{Path: "data.type", Message: `data.type must be TimeEntry, ExpenseEntry, HardCostEntry or SoftCostEntry, got "Time"`}}},
		{"unknown attributes are warnings", "PATCH", "/tasks/1.json", `{"data":{"zeta":1,"alpha":2,"matter":{"id":1,"name":"x"}}}`,
			[]Problem{
				{Path: "data.matter.name", Message: `unknown attribute data.matter.name: "Update a single Task" documents no such attribute`, Warning: true, Undocumented: true},
				{Path: "data.alpha", Message: `unknown attribute data.alpha: "Update a single Task" documents no such attribute`, Warning: true, Undocumented: true},
				{Path: "data.zeta", Message: `unknown attribute data.zeta: "Update a single Task" documents no such attribute`, Warning: true, Undocumented: true},
			}},
		{"extra top-level key", "PATCH", "/tasks/1.json", `{"data":{},"fields":"id"}`,
			[]Problem{{Path: "fields", Message: "unknown attribute fields: the body holds only data", Warning: true}}},
		{"missing data", "POST", "/tasks.json", `{"name":"n"}`,
			[]Problem{{Path: "data", Message: `missing data: the body must be {"data": {...}}`}}},
		{"data null", "POST", "/tasks.json", `{"data":null}`,
			[]Problem{{Path: "data", Message: "data must not be null"}}},
		{"data not an object", "PATCH", "/tasks/1.json", `{"data":"x"}`,
			[]Problem{{Path: "data", Message: `data must be an object, got string "x"`}}},
		{"body a string", "PATCH", "/tasks/1.json", `"x"`,
			[]Problem{{Path: "", Message: `the body must be {"data": {...}}, got string "x"`}}},
		{"empty body for create", "POST", "/tasks.json", "  ",
			[]Problem{{Path: "data", Message: "missing data: the body is empty"}}},
		{"invalid JSON", "POST", "/tasks.json", "{\"data\":\n  {\"name\": x}}",
			[]Problem{{Path: "", Message: "invalid JSON at line 2, column 12: invalid character 'x' looking for beginning of value"}}},
		{"truncated JSON", "POST", "/tasks.json", `{"data":{"name":"n"`,
			[]Problem{{Path: "", Message: "invalid JSON: the body ends too early"}}},
		{"two values", "PATCH", "/tasks/1.json", `{"data":{}} {"data":{}}`,
			[]Problem{{Path: "", Message: "invalid JSON at line 1, column 13: more data after the first value"}}},
		{"batch element problems", "POST", "/activities.json", `[{"type":"TimeEntry","date":"2024-05-01"},{"type":"TimeEntry"},{"data":{"date":"2024-05-01"}}]`,
			[]Problem{{Path: "data[1].date", Message: "missing data[1].date"}, {Path: "data[2].type", Message: "missing data[2].type"}}},
		{"batch under data", "POST", "/activities.json", `{"data":[{"type":"TimeEntry","date":"x"}]}`,
			[]Problem{{Path: "data[0].date", Message: `data[0].date must be a date (YYYY-MM-DD), got "x"`}}},
		{"empty batch", "POST", "/activities.json", `[]`,
			[]Problem{{Path: "data", Message: "data is an empty array: there is nothing to send"}}},
		{"array of objects", "POST", "/conversation_messages.json", `{"data":{"body":"b","subject":"s","receivers":[{"id":1,"type":"Contact"},{"id":"2"}]}}`,
			[]Problem{
				{Path: "data.receivers[1].type", Message: "missing data.receivers[1].type"},
				{Path: "data.receivers[1].id", Message: `data.receivers[1].id must be an integer, got string "2"`},
			}},
		{"body on GET", "GET", "/tasks.json", `{"data":{}}`,
			[]Problem{{Path: "", Message: "GET /tasks.json documents no request body; Clio may ignore it", Warning: true}}},
		{"long string shortened", "PATCH", "/tasks/1.json", `{"data":{"priority":"` + strings.Repeat("é", 40) + `"}}`,
			[]Problem{{Path: "data.priority", Message: `data.priority must be High, Normal or Low, got "` + strings.Repeat("é", 40) + `"`}}},
		{"long date shortened", "PATCH", "/tasks/1.json", `{"data":{"due_at":"` + strings.Repeat("é", 40) + `"}}`,
			[]Problem{{Path: "data.due_at", Message: `data.due_at must be a date-time (RFC 3339, e.g. 2024-05-01T09:00:00Z), got "` + strings.Repeat("é", 30) + `"…`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := mustLookup(t, tt.method, tt.path)
			got := op.Validate([]byte(tt.body))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Validate:\n got  %+v\n want %+v", got, tt.want)
			}
		})
	}
}

func TestHasErrors(t *testing.T) {
	tests := []struct {
		in   []Problem
		want bool
	}{
		{nil, false},
		{[]Problem{{Message: "unknown attribute data.x", Warning: true}}, false},
		{[]Problem{{Message: "unknown attribute data.x", Warning: true}, {Message: "missing data.date"}}, true},
	}
	for _, tt := range tests {
		if got := HasErrors(tt.in); got != tt.want {
			t.Errorf("HasErrors(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidateNilOperation(t *testing.T) {
	var op *Operation
	if got := op.Validate([]byte(`{}`)); len(got) != 1 || got[0].Warning {
		t.Errorf("nil operation Validate = %+v, want one error", got)
	}
}

// Every catalogued body schema accepts an empty data object unless it has
// required attributes, and then names exactly those as missing.
func TestValidateEmptyDataAcrossCatalogue(t *testing.T) {
	for _, op := range Operations() {
		if op.Data == nil {
			continue
		}
		if _, typed := typeRules[op.Method+" "+op.Path]; typed {
			continue // what it requires depends on its type: TestTypeRules
		}
		got := op.Validate([]byte(`{"data":{}}`))
		if len(got) != len(op.Data.Required) {
			t.Errorf("%s %s: %d problems %+v for required %v", op.Method, op.Path, len(got), got, op.Data.Required)
			continue
		}
		for i, r := range op.Data.Required {
			if got[i].Message != "missing data."+r {
				t.Errorf("%s %s: problem %d = %q, want missing data.%s", op.Method, op.Path, i, got[i].Message, r)
			}
		}
	}
}

func BenchmarkValidateCreateTask(b *testing.B) {
	op, _, ok := Lookup("POST", "/tasks.json")
	if !ok {
		b.Fatal("no Create Task")
	}
	body := []byte(goodCreateTask)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if p := op.Validate(body); p != nil {
			b.Fatal(p)
		}
	}
}

func BenchmarkValidateCreateActivityWithProblems(b *testing.B) {
	op, _, ok := Lookup("POST", "/activities.json")
	if !ok {
		b.Fatal("no Create Activity")
	}
	body := []byte(`{"data":{"type":"Time","quantity":"1.5","matter":{"id":null},"extra":1}}`)
	b.ReportAllocs()
	for b.Loop() {
		if p := op.Validate(body); len(p) != 5 {
			b.Fatal(p)
		}
	}
}

// A required text given as "" is valid by the description but a warning:
// Clio refuses an empty task name.
func TestEmptyRequiredTextWarns(t *testing.T) {
	op := mustLookup(t, "POST", "/tasks.json")
	for _, body := range []string{`{"data":{"name":"","description":"x"}}`, `{"data":{"name":"Call","description":"x"}}`} {
		var warned bool
		for _, p := range op.Validate([]byte(body)) {
			if p.Warning && strings.Contains(p.Message, "Clio is likely to refuse an empty name") {
				warned = true
			} else if !p.Warning && strings.Contains(p.Message, "name") {
				t.Errorf("%s: an error about the name: %s", body, p.Message)
			}
		}
		if warned != strings.Contains(body, `"name":""`) {
			t.Errorf("%s: warned = %v", body, warned)
		}
	}
}
