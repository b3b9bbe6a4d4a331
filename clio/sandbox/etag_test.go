package sandbox

import (
	"fmt"
	"testing"
)

// TestEditInClio: a change made in Clio behind the client's back gives the
// object a new etag, so the client's PATCH and DELETE with the etag it had
// are refused with 412 and change nothing; with the new one they pass.
func TestEditInClio(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	r := e.call("POST", "/api/v4/activities.json", fmt.Sprintf(`{"data":{"type":"TimeEntry","date":"2025-03-01","quantity":3600,"matter":{"id":%d},"note":"ours"}}`, MatterSmithContract))
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	ours := r.json(t)["data"].(map[string]any)["etag"].(string)
	id := int64(FirstActivityID)
	if e.s.ETag("activities", id) != ours {
		t.Fatalf("ETag %q, want the create's %q", e.s.ETag("activities", id), ours)
	}
	staff, err := e.s.EditInClio("activities", id, map[string]any{"note": "staff's", "quantity": 7200, "etag": "forged"})
	if err != nil || staff == ours || staff == "forged" || e.s.ETag("activities", id) != staff {
		t.Fatalf("EditInClio: %q %v (ours %q)", staff, err, ours)
	}
	path := fmt.Sprintf("/api/v4/activities/%d.json", id)
	for _, m := range []string{"PATCH", "DELETE"} {
		if r := e.call(m, path, `{"data":{"note":"cliodest's"}}`, "IF-MATCH", ours); r.status != 412 {
			t.Fatalf("%s with the etag before the edit: %d %s, want 412", m, r.status, r.body)
		}
	}
	r = e.call("GET", path+"?fields=note,quantity,etag", "")
	if d := r.json(t)["data"].(map[string]any); d["note"] != "staff's" || d["quantity"] != float64(7200) || d["etag"] != staff {
		t.Fatalf("after refused writes: %v, want the staff's edit kept", d)
	}
	if _, err := e.s.EditInClio("activities", 1, map[string]any{"note": "x"}); err == nil {
		t.Fatal("an edit of a missing object was accepted")
	}
	if r := e.call("DELETE", path, "", "IF-MATCH", staff); r.status != 204 {
		t.Fatalf("DELETE with the current etag: %d %s", r.status, r.body)
	}
}
