package flow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

const findYAML = `version: 1
id: find1
name: Intake contacts
status: paused
api_version: 4.0.10
nexset: {path: intake.csv, key: ref}
endpoint: {template: create_contact}
mapping:
  - {target: type, value: Person}
  - {target: name, source: full_name}
  - {target: "email_addresses[0].address", source: email}
find_by: {source: email, lookup: "lookup:contacts.email"}
on_exists: update
`

// TestFindByLoad: find_by and on_exists are read from the file, and what
// cannot work is refused when it is loaded, on its line.
func TestFindByLoad(t *testing.T) {
	d, err := Parse([]byte(findYAML), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.FindBy == nil || d.FindBy.Source != "email" || d.OnExists != "update" || !d.HasLookups() {
		t.Fatalf("read %+v %q", d.FindBy, d.OnExists)
	}
	for _, c := range []struct{ name, from, to, want string }{
		{"unsupported lookup", `lookup: "lookup:contacts.email"`, `lookup: "lookup:contacts.phone"`, "line 12: find_by.lookup: \"contacts.phone\" cannot be looked up: use lookup:COLLECTION.FIELD with one of activity_descriptions.name, contacts.email"},
		{"update template", "template: create_contact}", "template: update_contact, id: \"{record.contact_id}\"}", "line 12: find_by: an update template already names its object (endpoint.id)"},
		{"another collection", `lookup: "lookup:contacts.email"`, `lookup: "lookup:matters.display_number"`, "find_by.lookup: lookup:matters.display_number finds matters.json, but the endpoint creates in /contacts.json"},
		{"on_exists", "on_exists: update", "on_exists: merge", `line 13: on_exists: "merge" is not one of update, skip or fail`},
		{"on_exists alone", `find_by: {source: email, lookup: "lookup:contacts.email"}`, "", "on_exists: is read only with find_by"},
	} {
		_, err := Parse([]byte(strings.Replace(findYAML, c.from, c.to, 1)), "f.yaml")
		var le *LoadError
		if !errors.As(err, &le) || len(le.Problems) != 1 || !strings.Contains(le.Problems[0].String(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// An Advanced POST to a collection Clio can update finds too; a PATCH cannot.
	adv := strings.Replace(findYAML, "endpoint: {template: create_contact}", "endpoint: {method: POST, url: /api/v4/contacts.json}", 1)
	if _, err := Parse([]byte(adv), "f.yaml"); err != nil {
		t.Errorf("Advanced POST: %v", err)
	}
	adv = strings.Replace(findYAML, "endpoint: {template: create_contact}", "endpoint: {method: PATCH, url: \"/api/v4/contacts/{record.id}.json\"}", 1)
	var le *LoadError
	if _, err := Parse([]byte(adv), "f.yaml"); !errors.As(err, &le) || !strings.Contains(err.Error(), "find_by: a PATCH names its object in the URL") {
		t.Errorf("Advanced PATCH: %v", err)
	}
	if _, err := ParseFindBy("email:lookup:contacts.email"); err != nil {
		t.Error(err)
	}
	if _, err := ParseFindBy("email"); err == nil || !strings.Contains(err.Error(), "contacts.email") {
		t.Errorf("--find-by without a lookup: %v", err)
	}
}

func contactRecord(pos int, name, email string) nexset.Record {
	return rec(pos, map[string]any{"ref": "IN-" + name, "full_name": name, "email": email})
}

// TestFindBySamples: a sample says what its record will do — the contact
// found and its PATCH, or the create — and a blank find-by value fails the
// record naming the attribute; several contacts with the value are the
// sample's problem.
func TestFindBySamples(t *testing.T) {
	d, err := Parse([]byte(findYAML), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := mustPlan(t, d)
	s := p.Samples([]nexset.Record{contactRecord(1, "Dana Reyes", "dana@new.example")}, 1)
	if len(s) != 1 || s[0].Method != "POST" || !strings.Contains(s[0].Find, "looks for a contact with email dana@new.example when sent") {
		t.Fatalf("without a resolver: %+v", s)
	}
	if _, fails := p.Build([]nexset.Record{contactRecord(1, "Dana Reyes", "dana@new.example")}); len(fails) != 1 {
		t.Errorf("built without looking up: %v", fails)
	}

	_, c := sandboxClient(t, sandbox.Config{RateLimit: -1})
	lp := p.WithLookups(context.Background(), lookup.NewResolver(lookup.Options{Client: c}))
	s = lp.Samples([]nexset.Record{
		contactRecord(1, "Eleanor Whitfield", "ELEANOR.whitfield@mail.example"),
		contactRecord(2, "Dana Reyes", "dana@new.example"),
		contactRecord(3, "Nobody", " "),
		contactRecord(4, "Dana Reyes", "Dana@New.example"),
	}, 4)
	if len(s) != 4 {
		t.Fatalf("samples %+v", s)
	}
	if s[0].Method != "PATCH" || !strings.HasSuffix(s[0].URL, "/api/v4/contacts/2007.json") ||
		s[0].Find != "finds contact 2007 (Eleanor Whitfield) by email ELEANOR.whitfield@mail.example → PATCH /api/v4/contacts/2007.json" {
		t.Errorf("found: %s %s %q", s[0].Method, s[0].URL, s[0].Find)
	}
	if s[1].Method != "POST" || s[1].Find != "no contact with email dana@new.example → POST /api/v4/contacts.json" {
		t.Errorf("not found: %s %q", s[1].Method, s[1].Find)
	}
	if !strings.Contains(s[2].Error, "email: blank: find_by needs it to tell whether the contact is already in Clio") {
		t.Errorf("blank: %+v", s[2])
	}
	// The run finds what an earlier record creates in its own records.
	if s[3].Method != "PATCH" || s[3].Find != "no contact with email Dana@New.example in Clio yet: record 2 creates it first → PATCH /api/v4/contacts/{id}.json" {
		t.Errorf("made by an earlier record: %s %q", s[3].Method, s[3].Find)
	}

	// By name, J. Smith is two contacts: ambiguous, nothing picked.
	d.FindBy = &FindBy{Source: "full_name", Lookup: "contacts.name"}
	np := mustPlan(t, d).WithLookups(context.Background(), lookup.NewResolver(lookup.Options{Client: c}))
	s = np.Samples([]nexset.Record{contactRecord(1, "j. smith", "js@mail.example")}, 1)
	if len(s) != 1 || s[0].Method != "POST" || !strings.Contains(strings.Join(s[0].Problems, "\n"), "2 contacts have name j. smith") {
		t.Errorf("ambiguous: %+v", s)
	}
	// An update that writes another e-mail than the one found by warns.
	d.FindBy = &FindBy{Source: "old_email", Lookup: "lookup:contacts.email"}
	wp := mustPlan(t, d).WithLookups(context.Background(), lookup.NewResolver(lookup.Options{Client: c}))
	r := rec(1, map[string]any{"ref": "IN-1", "full_name": "Eleanor Whitfield", "old_email": "eleanor.whitfield@mail.example", "email": "eleanor@new.example"})
	s = wp.Samples([]nexset.Record{r}, 1)
	if len(s) != 1 || s[0].Method != "PATCH" || !strings.Contains(strings.Join(s[0].Warnings, "\n"), `it changes the value it is found by`) {
		t.Errorf("changing the e-mail: %+v", s)
	}
}

// TestFindByTestCall: a test send of a record whose contact is already in
// Clio is its PATCH, never a second create; with on_exists skip nothing is
// sent. FindByLookups offers the endpoint's own collection only.
func TestFindByTestCall(t *testing.T) {
	d, err := Parse([]byte(findYAML), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.FindByLookups(), ","); got != "lookup:contacts.email,lookup:contacts.name" {
		t.Errorf("choices: %s", got)
	}
	_, c := sandboxClient(t, sandbox.Config{RateLimit: -1})
	r := contactRecord(1, "Eleanor Whitfield", "eleanor.whitfield@mail.example")
	call, err := mustPlan(t, d).WithClientLookups(context.Background(), c).TestCall(r)
	if err != nil || call.Method != "PATCH" || !strings.HasSuffix(call.URL, "/contacts/2007.json") {
		t.Fatalf("test call: %s %s %v", call.Method, call.URL, err)
	}
	call, err = mustPlan(t, d).WithClientLookups(context.Background(), c).TestCall(contactRecord(2, "Dana Reyes", "dana@new.example"))
	if err != nil || call.Method != "POST" {
		t.Fatalf("test call of a new contact: %s %v", call.Method, err)
	}
	d.OnExists = "skip"
	if _, err := mustPlan(t, d).WithClientLookups(context.Background(), c).TestCall(r); err == nil || !strings.Contains(err.Error(), "skipped (on_exists: skip): a test sends nothing for it") {
		t.Errorf("skip: %v", err)
	}
	d.Endpoint = Endpoint{Template: "create_activity"}
	d.FindBy, d.OnExists = nil, ""
	if got := d.FindByLookups(); got != nil {
		t.Errorf("activities: %v", got)
	}
}
