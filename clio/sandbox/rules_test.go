package sandbox

import "testing"

// The sandbox agrees with the catalogue's type rules and doubtful rules: a
// Matter note needs no contact, a plain due date and a Person without a
// name are taken (as Clio takes them), and a Contact note without its
// contact is refused.
func TestSandboxAgreesWithRules(t *testing.T) {
	e := newEnv(t, Config{RateLimit: -1})
	for _, tt := range []struct {
		path, body string
		want       int
	}{
		{"/api/v4/notes.json", `{"data":{"type":"Matter","matter":{"id":3001},"subject":"Call with client"}}`, 201},
		{"/api/v4/notes.json", `{"data":{"type":"Contact","matter":{"id":3001}}}`, 422},
		{"/api/v4/tasks.json", `{"data":{"name":"File","description":"d","assignee":{"id":1001,"type":"User"},"due_at":"2026-12-01"}}`, 201},
		{"/api/v4/contacts.json", `{"data":{"type":"Person","first_name":"Ada","last_name":"Lovelace"}}`, 201},
	} {
		if r := e.call("POST", tt.path, tt.body); r.status != tt.want {
			t.Errorf("POST %s %s: %d %s, want %d", tt.path, tt.body, r.status, r.body, tt.want)
		}
	}
}
