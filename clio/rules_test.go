package clio

import (
	"strings"
	"testing"
)

func mustOp(t *testing.T, method, path string) *Operation {
	t.Helper()
	op, _, ok := Lookup(method, "/api/v4"+path)
	if !ok {
		t.Fatalf("no %s %s in the catalogue", method, path)
	}
	return op
}

// A Note needs its matter when it is a Matter note and its contact when it
// is a Contact note; never both.
func TestTypeRules(t *testing.T) {
	op := mustOp(t, "POST", "/notes.json")
	tests := []struct {
		body string
		want []string // error messages; none means valid
	}{
		{`{"data":{"type":"Matter","matter":{"id":3001},"subject":"Call"}}`, nil},
		{`{"data":{"type":"Contact","contact":{"id":5001}}}`, nil},
		{`{"data":{"type":"Matter","contact":{"id":5001}}}`, []string{"missing data.matter: a note of type Matter needs it"}},
		{`{"data":{"type":"Contact","matter":{"id":3001}}}`, []string{"missing data.contact: a note of type Contact needs it"}},
		{`{"data":{"type":"Matter","matter":null}}`, []string{"data.matter must not be null"}},
		{`{"data":{"matter":{"id":3001}}}`, []string{"missing data.type"}},
		{`{"data":[{"type":"Matter","matter":{"id":1}},{"type":"Contact"}]}`, []string{"missing data[1].contact: a note of type Contact needs it"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range op.Validate([]byte(tt.body)) {
			if !p.Warning {
				got = append(got, p.Message)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", tt.body, got, tt.want)
		}
	}
}

// A doubtful rule broken is a warning that says why; every other rule stays
// a refusal.
func TestDoubtfulRules(t *testing.T) {
	tests := []struct {
		method, path, body string
		warn               string // the warning expected ("" for an error)
		err                string
	}{
		{"POST", "/tasks.json", `{"data":{"name":"File","description":"d","assignee":{"id":1001,"type":"User"},"due_at":"2026-12-01"}}`, "data.due_at is a date, not a date-time", ""},
		{"PATCH", "/tasks/{id}.json", `{"data":{"due_at":"2026-12-01"}}`, "data.due_at is a date, not a date-time", ""},
		{"POST", "/tasks.json", `{"data":{"name":"File","description":"d","assignee":{"id":1001,"type":"User"},"due_at":"next week"}}`, "", "data.due_at must be a date-time"},
		{"POST", "/activities.json", `{"data":{"type":"TimeEntry","date":"2026-12-01T09:00:00Z"}}`, "", "data.date must be a date"},
		{"POST", "/contacts.json", `{"data":{"type":"Person","first_name":"Ada","last_name":"Lovelace"}}`, "missing data.name (a doubtful rule: Clio builds a Person's name", ""},
		{"POST", "/contacts.json", `{"data":{"type":"Company"}}`, "", "missing data.name"},
		{"POST", "/contacts.json", `{"data":{"type":"Person"}}`, "", "missing data.name"},
		{"PATCH", "/matters/{id}.json", `{"data":{"custom_field_values":[{"id":"text_line-55001","value":"x"}]}}`, "data.custom_field_values[0].id is a string", ""},
	}
	for _, tt := range tests {
		op := mustOp(t, tt.method, strings.Replace(tt.path, "{id}", "7", 1))
		ps := op.Validate([]byte(tt.body))
		var warns, errs []string
		for _, p := range ps {
			if p.Warning {
				warns = append(warns, p.Message)
			} else {
				errs = append(errs, p.Message)
			}
		}
		if tt.warn != "" {
			if len(errs) != 0 || !strings.Contains(strings.Join(warns, "|"), tt.warn) || !strings.Contains(strings.Join(warns, "|"), "sent, and Clio's answer decides") {
				t.Errorf("%s %s %s: errors %q warnings %q; want only the warning %q", tt.method, tt.path, tt.body, errs, warns, tt.warn)
			}
			continue
		}
		if !strings.Contains(strings.Join(errs, "|"), tt.err) {
			t.Errorf("%s %s %s: errors %q; want %q", tt.method, tt.path, tt.body, errs, tt.err)
		}
	}
}

// What a Note's type decides is not required of every record: a destination
// of Matter notes maps no contact.
func TestRequiredPathsLeaveTypeRulesToRecords(t *testing.T) {
	got := mustOp(t, "POST", "/notes.json").RequiredPaths()
	if strings.Join(got, ",") != "type" {
		t.Errorf("RequiredPaths = %v, want [type]", got)
	}
}
