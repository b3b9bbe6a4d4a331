package sandbox

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// A created contact gets primary_email_address and primary_phone_number from
// its lists as Clio derives them, and is found by e-mail through them; a
// matter for it gets the next number and a display number naming the client.
func TestContactAndMatterCreate(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.call("POST", "/api/v4/contacts.json?fields=id,name,primary_email_address,primary_phone_number",
		`{"data":{"type":"Person","name":"Ada Byron","first_name":"Ada","last_name":"Byron",
		"email_addresses":[{"name":"Home","address":"ada@home.example"},{"name":"Work","address":"ada@work.example","default_email":true}],
		"phone_numbers":[{"name":"Mobile","number":"555-0100"}]}}`)
	if r.status != 201 {
		t.Fatalf("create contact: %d %s", r.status, r.body)
	}
	for _, w := range []string{`"primary_email_address":"ada@work.example"`, `"primary_phone_number":"555-0100"`, `"name":"Ada Byron"`} {
		if !strings.Contains(string(r.body), w) {
			t.Errorf("contact %s lacks %s", r.body, w)
		}
	}
	id := r.json(t)["data"].(map[string]any)["id"]
	found := e.call("GET", "/api/v4/contacts.json?fields=id&query="+url.QueryEscape("ada@work.example"), "")
	if !strings.Contains(string(found.body), `"id":`+jsonText(id)) {
		t.Errorf("search by e-mail: %s, want contact %v", found.body, id)
	}
	// Clio's query finds a contact by any of its e-mail addresses.
	if home := e.call("GET", "/api/v4/contacts.json?fields=id&query="+url.QueryEscape("ADA@home.example"), ""); !strings.Contains(string(home.body), `"id":`+jsonText(id)) {
		t.Errorf("search by a second e-mail: %s, want contact %v", home.body, id)
	}
	// An update that does not send the list keeps what was derived.
	if u := e.call("PATCH", "/api/v4/contacts/"+jsonText(id)+".json?fields=primary_email_address", `{"data":{"title":"Dr"}}`); !strings.Contains(string(u.body), "ada@work.example") {
		t.Errorf("update dropped the primary e-mail: %s", u.body)
	}

	m := e.call("POST", "/api/v4/matters.json?fields=id,number,display_number,status,client{id,name}",
		`{"data":{"client":{"id":`+jsonText(id)+`},"description":"Slip and fall"}}`)
	if m.status != 201 {
		t.Fatalf("create matter: %d %s", m.status, m.body)
	}
	for _, w := range []string{`"display_number":"100043-Byron"`, `"status":"Open"`, `"name":"Ada Byron"`} {
		if !strings.Contains(string(m.body), w) {
			t.Errorf("matter %s lacks %s", m.body, w)
		}
	}
	if bad := e.call("POST", "/api/v4/matters.json", `{"data":{"client":{"id":999},"description":"x"}}`); bad.status != 422 {
		t.Errorf("matter for an unknown client: %d %s, want 422", bad.status, bad.body)
	}
}

// jsonText writes a decoded JSON number as its digits.
func jsonText(v any) string {
	f, _ := v.(float64)
	return strconv.FormatInt(int64(f), 10)
}
