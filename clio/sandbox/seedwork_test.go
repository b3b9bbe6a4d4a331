package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// TestSeededWorkIsConsistent checks the seeded activities and tasks as data:
// IDs unique and below the created ranges, links to seeded records, dates
// that parse, and bodies Clio's published API would accept on create.
func TestSeededWorkIsConsistent(t *testing.T) {
	ids := func(named []SeedNamed) []int64 {
		var out []int64
		for _, n := range named {
			out = append(out, n.ID)
		}
		return out
	}
	var users, matters []int64
	for _, u := range Seed.Users {
		users = append(users, u.ID)
	}
	for _, m := range Seed.Matters {
		matters = append(matters, m.ID)
	}
	createActivity, _, _ := clio.Lookup("POST", "/activities.json")
	createTask, _, _ := clio.Lookup("POST", "/tasks.json")
	if createActivity == nil || createTask == nil {
		t.Fatal("the catalogue lacks POST /activities.json or /tasks.json")
	}
	seen := map[int64]bool{}
	unique := func(id, lo, hi int64) {
		t.Helper()
		if seen[id] || id < lo || id >= hi {
			t.Errorf("seeded ID %d repeated or outside [%d, %d)", id, lo, hi)
		}
		seen[id] = true
	}
	inYear := func(what, date string) {
		t.Helper()
		d, err := time.Parse(time.DateOnly, date)
		if err != nil || d.Year() < 2026 {
			t.Errorf("%s: date %q is not a YYYY-MM-DD date in 2026 or later (%v)", what, date, err)
		}
	}
	acceptable := func(what string, op *clio.Operation, data map[string]any) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"data": data})
		for _, p := range op.Validate(body) {
			if !p.Warning {
				t.Errorf("%s: Clio would refuse it: %s", what, p.Message)
			}
		}
	}

	for _, a := range Seed.Activities {
		what := fmt.Sprintf("activity %d", a.ID)
		unique(a.ID, 9001, FirstActivityID)
		inYear(what, a.Date)
		category := ids(Seed.ActivityDescriptions)
		data := map[string]any{"type": a.Type, "date": a.Date, "note": a.Note, "quantity": a.Quantity,
			"matter": map[string]any{"id": a.Matter}, "user": map[string]any{"id": a.User}}
		switch a.Type {
		case "TimeEntry":
			data["activity_description"] = map[string]any{"id": a.Category}
			if a.Price != 0 {
				t.Errorf("%s: a time entry is priced by the rate hierarchy, not the seed", what)
			}
		case "ExpenseEntry":
			category = ids(Seed.ExpenseCategories)
			data["expense_category"] = map[string]any{"id": a.Category}
			data["price"] = a.Price
		default:
			t.Errorf("%s: type %q", what, a.Type)
		}
		if !slices.Contains(users, a.User) || !slices.Contains(matters, a.Matter) || !slices.Contains(category, a.Category) {
			t.Errorf("%s links to a record the seed lacks: user %d, matter %d, category %d", what, a.User, a.Matter, a.Category)
		}
		if a.Quantity <= 0 || a.Note == "" {
			t.Errorf("%s: quantity %v, note %q", what, a.Quantity, a.Note)
		}
		acceptable(what, createActivity, data)
	}
	for _, k := range Seed.Tasks {
		what := fmt.Sprintf("task %d", k.ID)
		unique(k.ID, 19001, FirstTaskID)
		inYear(what+" due", k.Due)
		inYear(what+" assigned", k.Assigned)
		if !slices.Contains(users, k.Assignee) || !slices.Contains(matters, k.Matter) || !slices.Contains(ids(Seed.TaskTypes), k.TaskType) {
			t.Errorf("%s links to a record the seed lacks: assignee %d, matter %d, type %d", what, k.Assignee, k.Matter, k.TaskType)
		}
		// Clio answers due_at as a date but takes a date-time on create.
		acceptable(what, createTask, map[string]any{"name": k.Name, "description": k.Description,
			"status": k.Status, "priority": k.Priority, "due_at": k.Due + "T17:00:00Z", "statute_of_limitations": k.Statute,
			"assignee": map[string]any{"id": k.Assignee, "type": "User"},
			"matter":   map[string]any{"id": k.Matter}, "task_type": map[string]any{"id": k.TaskType}})
	}
	if len(Seed.Activities) < 10 || len(Seed.Tasks) < 10 {
		t.Errorf("%d activities and %d tasks seeded; samples/*-updates.jsonl name ten of each", len(Seed.Activities), len(Seed.Tasks))
	}
}

// TestSeededRecordsAnswer reads seeded records as a client would, with
// fields, and finds what Clio would have computed for them.
func TestSeededRecordsAnswer(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	tests := []struct {
		path string
		want string
	}{
		{fmt.Sprintf("/api/v4/activities/%d.json?fields=id,type,date,quantity,quantity_in_hours,price,total,note,user{id,name},matter{display_number}", ActivitySmithResearch),
			`{"data":{"id":9001,"type":"TimeEntry","date":"2026-10-05","quantity":7200,"quantity_in_hours":2,"price":350,"total":700,"note":"Legal research on breach of contract claim","user":{"id":1001,"name":"Jane Doe"},"matter":{"display_number":"00012-Smith"}}}`},
		// A court appearance is priced at the description's own rate, not the user's.
		{fmt.Sprintf("/api/v4/activities/%d.json?fields=price,total,activity_description{name}", ActivityAcmeHearing),
			`{"data":{"price":400,"total":1400,"activity_description":{"name":"Court appearance"}}}`},
		{fmt.Sprintf("/api/v4/activities/%d.json?fields=type,quantity,price,total,expense_category{name},billed", ActivitySmithFilingFee),
			`{"data":{"type":"ExpenseEntry","quantity":1,"price":250,"total":250,"expense_category":{"name":"Filing fees"},"billed":false}}`},
		// Seeded records carry the day the work was recorded, not the server's start.
		{fmt.Sprintf("/api/v4/activities/%d.json?fields=quantity,created_at", ActivityGarciaVisaMeeting),
			`{"data":{"quantity":3600,"created_at":"2026-10-16T17:30:00Z"}}`},
		{fmt.Sprintf("/api/v4/tasks/%d.json?fields=id,name,status,priority,due_at,assignee{id,name,type},assigner{id},task_type{name},matter{display_number},completed_at,statute_of_limitations", TaskAcmeLimitation),
			`{"data":{"id":19009,"name":"Diarise limitation date","status":"pending","priority":"High","due_at":"2026-12-31","assignee":{"id":1001,"name":"Jane Doe","type":"User"},"assigner":{"id":1001},"task_type":{"name":"Deadline"},"matter":{"display_number":"00018-Acme"},"completed_at":null,"statute_of_limitations":true}}`},
		{fmt.Sprintf("/api/v4/tasks/%d.json?fields=status,assigner{id},completed_at,permission", TaskNorthwindWatch),
			`{"data":{"status":"complete","assigner":{"id":1002},"completed_at":"2026-11-03T14:00:00Z","permission":"public"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.call("GET", tt.path, "")
			if r.status != 200 || string(r.body) != tt.want {
				t.Fatalf("GET: %d\n got %s\nwant %s", r.status, r.body, tt.want)
			}
		})
	}
	// API 4.0.3 and older speak hours.
	r := e.call("GET", fmt.Sprintf("/api/v4/activities/%d.json?fields=quantity", ActivityGarciaVisaMeeting), "", "X-API-VERSION", "4.0.3")
	if r.status != 200 || string(r.body) != `{"data":{"quantity":1}}` {
		t.Errorf("GET with 4.0.3: %d %s, want the quantity in hours", r.status, r.body)
	}
}

// TestSeededRecordsChange updates and deletes seeded records with their etags,
// and checks that none of it counts as a create nor moves the created IDs.
func TestSeededRecordsChange(t *testing.T) {
	tests := []struct {
		kind  string
		id    int64
		patch string
		check string // fields to read back
		want  string
		first int64
		post  string
	}{
		{"activities", ActivityJohnsonCall, `{"data":{"quantity":2700,"note":"Call with client re executor (corrected)"}}`, "note,quantity,total",
			`{"note":"Call with client re executor (corrected)","quantity":2700,"total":206.25}`,
			FirstActivityID, `{"data":{"type":"TimeEntry","date":"2026-11-20","quantity":600}}`},
		{"tasks", TaskSmithFileClaim, `{"data":{"status":"complete","priority":"High"}}`, "status,priority,completed_at",
			"", FirstTaskID, `{"data":{"name":"n","description":"d","assignee":{"id":1003,"type":"User"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			e := newEnv(t, Config{RateLimit: -1})
			path := fmt.Sprintf("/api/v4/%s/%d.json", tt.kind, tt.id)
			r := e.call("GET", path, "")
			var got struct {
				Data struct {
					ID   int64
					Etag string
				}
			}
			if r.status != 200 || json.Unmarshal(r.body, &got) != nil || got.Data.ID != tt.id || got.Data.Etag == "" {
				t.Fatalf("GET: %d %s, want the id and an etag", r.status, r.body)
			}
			if r := e.call("PATCH", path, tt.patch, "IF-MATCH", `"stale"`); r.status != 412 {
				t.Fatalf("PATCH with a stale etag: %d %s, want 412", r.status, r.body)
			}
			r = e.call("PATCH", path+"?fields=etag,"+tt.check, tt.patch, "IF-MATCH", got.Data.Etag)
			if r.status != 200 {
				t.Fatalf("PATCH: %d %s", r.status, r.body)
			}
			d := r.json(t)["data"].(map[string]any)
			if d["etag"] == got.Data.Etag {
				t.Errorf("the etag did not change: %s", r.body)
			}
			delete(d, "etag")
			if tt.want != "" {
				if b, _ := json.Marshal(d); string(b) != tt.want {
					t.Errorf("after PATCH %s, want %s", b, tt.want)
				}
			} else if d["status"] != "complete" || d["priority"] != "High" || d["completed_at"] == nil {
				t.Errorf("after PATCH %v, want complete, High and a completed_at", d)
			}
			if r := e.call("DELETE", path, ""); r.status != 204 {
				t.Fatalf("DELETE: %d %s", r.status, r.body)
			}
			if r := e.call("GET", path, ""); r.status != 404 {
				t.Fatalf("GET after DELETE: %d", r.status)
			}
			if n := e.s.Created(tt.kind); n != 0 {
				t.Fatalf("Created(%q) = %d after reading, updating and deleting seeded records, want 0", tt.kind, n)
			}
			r = e.call("POST", "/api/v4/"+tt.kind+".json?fields=id", tt.post)
			var made struct{ Data struct{ ID int64 } }
			if r.status != 201 || json.Unmarshal(r.body, &made) != nil || made.Data.ID != tt.first {
				t.Fatalf("create: %d %s, want id %d", r.status, r.body, tt.first)
			}
			if e.s.Created(tt.kind) != 1 {
				t.Errorf("Created(%q) = %d after one create", tt.kind, e.s.Created(tt.kind))
			}
		})
	}
}
