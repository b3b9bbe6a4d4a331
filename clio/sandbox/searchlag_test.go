package sandbox

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestSearchLag: a contact created through the API is not found by query=
// until SearchLag has passed, as Clio's index lags; it is listed without
// query= and read by ID at once, and seeded contacts are found all along.
func TestSearchLag(t *testing.T) {
	clock := newFakeClock()
	e := newEnv(t, Config{RateLimit: -1, Now: clock.Now, SearchLag: 5 * time.Second})
	r := e.call("POST", "/api/v4/contacts.json", `{"data":{"type":"Person","first_name":"Dana","last_name":"Reyes","email_addresses":[{"address":"dana@new.example","name":"Home"}]}}`)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id := int64(r.json(t)["data"].(map[string]any)["id"].(float64))
	found := func(q string) bool {
		ids, _ := e.walk("/api/v4/contacts.json?fields=id&query=" + q)
		return slices.Contains(ids, id)
	}
	if found("dana%40new.example") || found("Reyes") {
		t.Error("found by query= right after its create")
	}
	if ids, _ := e.walk("/api/v4/contacts.json?fields=id"); !slices.Contains(ids, id) {
		t.Errorf("not listed without query=: %v", ids)
	}
	if r := e.call("GET", fmt.Sprintf("/api/v4/contacts/%d.json", id), ""); r.status != 200 {
		t.Errorf("read by ID: %d", r.status)
	}
	if ids, _ := e.walk("/api/v4/contacts.json?fields=id&query=whitfield"); !slices.Contains(ids, ContactWhitfield) {
		t.Errorf("a seeded contact is not found: %v", ids)
	}
	clock.Advance(4 * time.Second)
	if found("dana%40new.example") {
		t.Error("found before the lag passed")
	}
	clock.Advance(time.Second)
	if !found("dana%40new.example") {
		t.Error("not found once the lag passed")
	}
}
