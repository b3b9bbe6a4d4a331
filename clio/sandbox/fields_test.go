package sandbox

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseFields(t *testing.T) {
	tests := []struct {
		kind, raw string
		want      []fieldSel
		err       string
	}{
		{kind: "activities", raw: "", want: defaultFields},
		{kind: "activities", raw: "id,etag,matter{id,display_number}", want: []fieldSel{{name: "id"}, {name: "etag"}, {name: "matter", sub: []string{"id", "display_number"}}}},
		{kind: "activities", raw: " note , user{name} ", want: []fieldSel{{name: "note"}, {name: "user", sub: []string{"name"}}}},
		{kind: "tasks", raw: "assignee{id,type}", want: []fieldSel{{name: "assignee", sub: []string{"id", "type"}}}},
		{kind: "activities", raw: "id,colour", err: `unknown field "colour"`},
		{kind: "activities", raw: "matter{id,colour}", err: `unknown field "colour" in matter{}`},
		{kind: "activities", raw: "matter{id,client{id}}", err: "more than one level"},
		{kind: "activities", raw: "matter{id", err: "not closed"},
		{kind: "activities", raw: "id,,etag", err: "empty field name"},
		{kind: "activities", raw: "note{id}", err: "has no nested fields"},
		{kind: "activities", raw: "id}", err: "unexpected '}'"},
		{kind: "activities", raw: "matter{id}x", err: "expected ','"},
		{kind: "notes", raw: "anything,else{x}", want: []fieldSel{{name: "anything"}, {name: "else", sub: []string{"x"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.kind+":"+tt.raw, func(t *testing.T) {
			got, err := parseFields(tt.kind, tt.raw)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func TestFieldsOverHTTP(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		path   string
		status int
		want   string
	}{
		{"/api/v4/matters/3001.json?fields=id,display_number,client{name},status", 200,
			`{"data":{"id":3001,"display_number":"00012-Smith","client":{"name":"Alice Smith"},"status":"Open"}}`},
		// A nested record named without braces shows its id and etag; an absent attribute is null.
		{"/api/v4/matters/3001.json?fields=responsible_attorney,close_date", 200, `"responsible_attorney":{"id":1001,"etag":"`},
		{"/api/v4/matters/3001.json?fields=close_date", 200, `{"data":{"close_date":null}}`},
		{"/api/v4/matters/3001.json?fields=colour", 400, `unknown field \"colour\"`},
		{"/api/v4/task_types.json?fields=name&limit=1", 200, `{"data":[{"name":"Filing"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.call("GET", tt.path, "")
			if r.status != tt.status || !strings.Contains(string(r.body), tt.want) {
				t.Fatalf("got %d %s, want %d containing %s", r.status, r.body, tt.status, tt.want)
			}
		})
	}
}
