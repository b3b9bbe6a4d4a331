package sandbox

import (
	"fmt"
	"strings"
	"testing"
)

func TestWhoAmI(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		name, token, query string
		status             int
		want               string // substring of the body
	}{
		{name: "default fields", query: "", status: 200, want: `{"data":{"id":1001,"etag":"`},
		{name: "chosen fields", query: "?fields=id,name,first_name,last_name,email", status: 200,
			want: `{"data":{"id":1001,"name":"Jane Doe","first_name":"Jane","last_name":"Doe","email":"jane@firm.example"}}`},
		{name: "unknown token", token: "nope", status: 401, want: `"error":"invalid_token","error_description":"The access token is invalid"`},
		{name: "unknown field", query: "?fields=id,shoe_size", status: 400, want: `shoe_size`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.token != "" {
				hdr = []string{"Authorization", "Bearer " + tt.token}
			}
			r := e.call("GET", "/api/v4/users/who_am_i.json"+tt.query, "", hdr...)
			if r.status != tt.status || !strings.Contains(string(r.body), tt.want) {
				t.Fatalf("got %d %s, want %d containing %s", r.status, r.body, tt.status, tt.want)
			}
		})
	}
}

func TestCreateValidation(t *testing.T) {
	tests := []struct {
		name, path, body string
		status           int
		typ, msg         string
	}{
		{"task without assignee", "/api/v4/tasks.json", `{"data":{"name":"File brief","description":"d"}}`, 422, "UnprocessableEntity", "assignee"},
		{"task with priority Urgent", "/api/v4/tasks.json",
			`{"data":{"name":"n","description":"d","priority":"Urgent","assignee":{"id":1001,"type":"User"}}}`, 422, "UnprocessableEntity", "priority"},
		{"task assigned to a missing user", "/api/v4/tasks.json",
			`{"data":{"name":"n","description":"d","assignee":{"id":9,"type":"User"}}}`, 422, "UnprocessableEntity", "data.assignee.id: User 9 does not exist"},
		{"task with unknown task type", "/api/v4/tasks.json",
			`{"data":{"name":"n","description":"d","assignee":{"id":2001,"type":"Contact"},"task_type":{"id":77}}}`, 422, "UnprocessableEntity", "data.task_type.id"},
		{"activity without date", "/api/v4/activities.json", `{"data":{"type":"TimeEntry","quantity":60}}`, 422, "UnprocessableEntity", "date"},
		{"activity with unknown matter", "/api/v4/activities.json",
			`{"data":{"type":"TimeEntry","date":"2025-03-01","matter":{"id":424242}}}`, 422, "UnprocessableEntity", "data.matter.id: Matter 424242 does not exist"},
		{"activity with a user ID as matter", "/api/v4/activities.json",
			fmt.Sprintf(`{"data":{"type":"TimeEntry","date":"2025-03-01","matter":{"id":%d}}}`, UserJane), 422, "UnprocessableEntity", "data.matter.id"},
		{"activity with unknown description", "/api/v4/activities.json",
			`{"data":{"type":"TimeEntry","date":"2025-03-01","activity_description":{"id":1}}}`, 422, "UnprocessableEntity", "activity_description"},
		{"activity with bad type", "/api/v4/activities.json", `{"data":{"type":"Lunch","date":"2025-03-01"}}`, 422, "UnprocessableEntity", "type"},
		{"body without data", "/api/v4/activities.json", `{"type":"TimeEntry"}`, 400, "BadRequest", "data"},
		{"data is an array", "/api/v4/activities.json", `{"data":[{"type":"TimeEntry","date":"2025-03-01"}]}`, 400, "BadRequest", "data"},
		{"body not JSON", "/api/v4/activities.json", `type=TimeEntry`, 400, "BadRequest", "JSON"},
		{"unknown path", "/api/v4/widgets.json", `{"data":{}}`, 404, "NotFound", "widgets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			r := e.call("POST", tt.path, tt.body)
			typ, msg := r.apiErr(t)
			if r.status != tt.status || typ != tt.typ || !strings.Contains(msg, tt.msg) {
				t.Fatalf("got %d %s, want %d %s mentioning %q", r.status, r.body, tt.status, tt.typ, tt.msg)
			}
			if n := e.s.Created("activities") + e.s.Created("tasks"); n != 0 {
				t.Fatalf("a refused create stored %d records", n)
			}
		})
	}
}

func TestActivityLifecycle(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	r := e.call("POST", "/api/v4/activities.json?fields=id,etag,type,date,quantity,quantity_in_hours,price,total,user{id,name},matter{id,display_number}",
		fmt.Sprintf(`{"data":{"type":"TimeEntry","date":"2025-03-01","quantity":5400,"matter":{"id":%d},"note":"Call & email"}}`, MatterSmithContract))
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	d := r.json(t)["data"].(map[string]any)
	want := map[string]any{"id": float64(FirstActivityID), "type": "TimeEntry", "quantity": float64(5400), "quantity_in_hours": 1.5,
		"price": float64(350), "total": float64(525)}
	for k, v := range want {
		if d[k] != v {
			t.Errorf("created %s = %v, want %v", k, d[k], v)
		}
	}
	if u := d["user"].(map[string]any); u["id"] != float64(UserJane) || u["name"] != "Jane Doe" {
		t.Errorf("user defaults to the token's user, got %v", u)
	}
	if m := d["matter"].(map[string]any); m["display_number"] != "00012-Smith" {
		t.Errorf("nested matter = %v", m)
	}
	etag := d["etag"].(string)
	if r.header.Get("X-API-VERSION") != DefaultVersion {
		t.Errorf("X-API-VERSION echoed %q, want %s", r.header.Get("X-API-VERSION"), DefaultVersion)
	}

	path := fmt.Sprintf("/api/v4/activities/%d.json", FirstActivityID)
	if r := e.call("GET", path, ""); r.status != 200 || string(r.body) != fmt.Sprintf(`{"data":{"id":%d,"etag":%q}}`, FirstActivityID, etag) {
		t.Fatalf("get without fields: %d %s, want only id and etag", r.status, r.body)
	}
	if r := e.call("PATCH", path, `{"data":{"note":"x"}}`, "IF-MATCH", `"stale"`); r.status != 412 {
		t.Fatalf("stale IF-MATCH: %d %s, want 412", r.status, r.body)
	}
	r = e.call("PATCH", path+"?fields=id,etag,note,price", `{"data":{"note":"Updated","activity_description":{"id":4003}}}`, "IF-MATCH", etag)
	if r.status != 200 {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	d = r.json(t)["data"].(map[string]any)
	if d["note"] != "Updated" || d["etag"] == etag || d["price"] != float64(400) {
		t.Fatalf("patched %v: want the new note, a new etag and the description's rate", d)
	}
	if r := e.call("DELETE", path, ""); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	if r := e.call("GET", path, ""); r.status != 404 {
		t.Fatalf("get after delete: %d", r.status)
	}
	// Count is the live records, the seeded ones included; Created only what clients made.
	if e.s.Count("activities") != len(Seed.Activities) || e.s.Created("activities") != 1 {
		t.Fatalf("Count %d Created %d, want %d and 1", e.s.Count("activities"), e.s.Created("activities"), len(Seed.Activities))
	}
}

func TestPatchUnknown(t *testing.T) {
	e := newEnv(t, Config{})
	for _, p := range []string{"/api/v4/activities/999999.json", "/api/v4/tasks/999999.json"} {
		r := e.call("PATCH", p, `{"data":{"note":"x"}}`)
		typ, msg := r.apiErr(t)
		if r.status != 404 || typ != "NotFound" || !strings.Contains(msg, "999999") {
			t.Errorf("PATCH %s: %d %s, want 404 NotFound naming the ID", p, r.status, r.body)
		}
	}
}

func TestTaskDefaults(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.call("POST", "/api/v4/tasks.json?fields=id,name,status,priority,assignee{id,type,name},assigner{id},completed_at",
		`{"data":{"name":"File brief","description":"Before Friday","assignee":{"id":2001,"type":"Contact"}}}`)
	if r.status != 201 {
		t.Fatalf("create task: %d %s", r.status, r.body)
	}
	want := fmt.Sprintf(`{"data":{"id":%d,"name":"File brief","status":"pending","priority":"Normal","assignee":{"id":2001,"type":"Person","name":"Alice Smith"},"assigner":{"id":%d},"completed_at":null}}`, FirstTaskID, UserJane)
	if string(r.body) != want {
		t.Fatalf("got  %s\nwant %s", r.body, want)
	}
	r = e.call("PATCH", fmt.Sprintf("/api/v4/tasks/%d.json?fields=status,completed_at", FirstTaskID), `{"data":{"status":"complete"}}`)
	if d := r.json(t)["data"].(map[string]any); d["status"] != "complete" || d["completed_at"] == nil {
		t.Fatalf("completed task: %s", r.body)
	}
}

func TestAPIVersions(t *testing.T) {
	tests := []struct {
		header, echo string
		status       int
		quantity     string // as answered for a 1.5 h entry
		send         string
	}{
		{"", "4.0.9", 201, "5400", "5400"},
		{"4.0.10", "4.0.10", 201, "5400", "5400"},
		{"4.0.3", "4.0.3", 201, "1.5", "1.5"},
		{"4.0.99", "", 410, "", "1"},
		{"4", "", 410, "", "1"},
		{"4.0.09", "", 410, "", "1"},
		{"banana", "", 410, "", "1"},
	}
	for _, tt := range tests {
		t.Run("v"+tt.header, func(t *testing.T) {
			e := newEnv(t, Config{})
			var hdr []string
			if tt.header != "" {
				hdr = []string{"X-API-VERSION", tt.header}
			}
			r := e.call("POST", "/api/v4/activities.json?fields=quantity", `{"data":{"type":"TimeEntry","date":"2025-03-01","quantity":`+tt.send+`}}`, hdr...)
			if r.status != tt.status || r.header.Get("X-API-VERSION") != tt.echo {
				t.Fatalf("got %d version %q %s, want %d %q", r.status, r.header.Get("X-API-VERSION"), r.body, tt.status, tt.echo)
			}
			if tt.status == 410 {
				if typ, _ := r.apiErr(t); typ != "Gone" {
					t.Fatalf("410 type %q", typ)
				}
				return
			}
			if want := `{"data":{"quantity":` + tt.quantity + `}}`; string(r.body) != want {
				t.Fatalf("got %s, want %s", r.body, want)
			}
		})
	}
}
