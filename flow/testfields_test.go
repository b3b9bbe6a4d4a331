package flow

import (
	"context"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

func TestWithFields(t *testing.T) {
	tests := []struct {
		name, path, url, fields string
		wantPath, wantURL       string
	}{
		{"added", "/activities.json", "http://h/api/v4/activities.json", "id,etag",
			"/activities.json?fields=id,etag", "http://h/api/v4/activities.json?fields=id,etag"},
		{"after a query", "/tasks.json?x=1", "/api/v4/tasks.json?x=1", "id,matter{id,name}",
			"/tasks.json?x=1&fields=id,matter{id,name}", "/api/v4/tasks.json?x=1&fields=id,matter{id,name}"},
		{"own fields kept", "/tasks.json?fields=id", "/api/v4/tasks.json?fields=id", "id,etag",
			"/tasks.json?fields=id", "/api/v4/tasks.json?fields=id"},
		{"none asked", "/tasks.json", "/api/v4/tasks.json", "", "/tasks.json", "/api/v4/tasks.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := WithFields(Call{Path: tt.path, URL: tt.url}, tt.fields)
			if c.Path != tt.wantPath || c.URL != tt.wantURL {
				t.Fatalf("got %s / %s, want %s / %s", c.Path, c.URL, tt.wantPath, tt.wantURL)
			}
		})
	}
}

func TestTemplateTestFields(t *testing.T) {
	for _, tp := range Templates() {
		f := tp.TestFields()
		if !strings.HasPrefix(f, "id,etag,") {
			t.Errorf("%s: test fields %q do not start with id,etag", tp.Name, f)
		}
	}
	d := timeEntries(t)
	d.Endpoint = Endpoint{Method: "POST", URL: "/api/v4/activities.json"}
	c := Call{Path: "/activities.json", Body: []byte("{}")}
	if got := mustPlan(t, timeEntries(t)).WithTestFields(c); !strings.Contains(got.Path, "fields=id,etag,type,") {
		t.Errorf("template call path = %s, want the template's fields", got.Path)
	}
	if got := mustPlan(t, d).WithTestFields(c); got.Path != c.Path {
		t.Errorf("Advanced call path = %s, want it unchanged", got.Path)
	}
}

// A test send with the template's fields gets them back from Clio (the
// sandbox checks every name against Clio's schema, so a misspelt one fails).
func TestTestSendAsksForTemplateFields(t *testing.T) {
	tests := []struct {
		name string
		d    func(t *testing.T) *Destination
		rec  map[string]any
		kind string
		want []string
	}{
		{"create activity", timeEntries, timeRecord(1).Fields, "activities",
			[]string{`"type": "TimeEntry"`, `"date": "2024-03-04"`, `"quantity": 5400`, `"total"`, `"display_number"`}},
		{"create task", func(t *testing.T) *Destination {
			d := New("Tasks")
			d.Nexset = NexsetRef{Path: "tasks.jsonl"}
			d.Endpoint = Endpoint{Template: CreateTask}
			d.Mapping = []Mapping{
				{Target: "name", Source: "title"}, {Target: "description", Source: "details"},
				{Target: "assignee.id", Source: "assignee_id"}, {Target: "assignee.type", Value: "User", Const: true},
				{Target: "priority", Value: "High", Const: true},
			}
			return d
		}, map[string]any{"title": "File the claim", "details": "by Friday", "assignee_id": 1001}, "tasks",
			[]string{`"name": "File the claim"`, `"priority": "High"`, `"status"`, `"assignee": {`, `"name": "`}},
		{"create contact", func(t *testing.T) *Destination {
			d := New("Contacts")
			d.Nexset = NexsetRef{Path: "intake.csv"}
			d.Endpoint = Endpoint{Template: CreateContact}
			d.Mapping = []Mapping{{Target: "name", Source: "full_name"}, {Target: "type", Value: "Person", Const: true}}
			return d
		}, map[string]any{"full_name": "Ada Byron"}, "contacts",
			[]string{`"name": "Ada Byron"`, `"type": "Person"`, `"primary_email_address"`}},
		{"create matter", func(t *testing.T) *Destination {
			d := New("Matters")
			d.Nexset = NexsetRef{Path: "intake.csv"}
			d.Endpoint = Endpoint{Template: CreateMatter}
			d.Mapping = []Mapping{{Target: "client.id", Source: "client", Convert: "integer"}, {Target: "description", Source: "summary"}}
			return d
		}, map[string]any{"client": sandbox.ContactAliceSmith, "summary": "Slip and fall"}, "matters",
			[]string{`"description": "Slip and fall"`, `"display_number": "100043-Smith"`, `"status": "Open"`, `"name": "Alice Smith"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, c := sandboxClient(t, sandbox.Config{RateLimit: -1})
			p := mustPlanOn(t, tt.d(t), c.Host())
			call, err := p.TestCall(rec(1, tt.rec))
			if err != nil {
				t.Fatalf("TestCall: %v", err)
			}
			call = p.WithTestFields(call)
			resp, err := c.Do(context.Background(), call.Request()) // as flow/session's test send sends it
			if err != nil {
				t.Fatalf("sending %s: %v", call.URL, err)
			}
			answer := PrettyBody(resp.Body)
			for _, w := range tt.want {
				if !strings.Contains(answer, w) {
					t.Errorf("answer lacks %s:\n%s", w, answer)
				}
			}
			if n := sb.Created(tt.kind); n != 1 {
				t.Fatalf("sandbox created %d %s, want 1", n, tt.kind)
			}
		})
	}
}
