package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// The intake's custom fields by name: the contact's fields are listed once
// for the run, through the pacer (a look-up request in the summary), and
// every contact is created with its Referral Source; a row whose value is no
// option fails alone, naming the field, and nothing else is sent for it.
func TestCustomFieldsDelivered(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := copySample(t, "intake-contacts.yaml")
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: openLedger(t, d, file)})
	if s.Delivered != 3 || s.Failed != 0 || s.Lookups != 1 || s.Requests != 4 {
		t.Fatalf("summary %+v: want 3 delivered with 1 look-up request (the listing) and 3 creates", s)
	}
	listings := 0
	for _, en := range e.log.entries(t) {
		if strings.HasPrefix(en.Path, "/api/v4/custom_fields.json?") {
			listings++
		}
	}
	if listings != 1 {
		t.Errorf("%d listings of the custom fields, want 1", listings)
	}

	e = startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file = copySample(t, "intake-contacts.yaml")
	d.CustomFields[0].Source = "case_type" // Personal injury, Employment, Family: no Referral Source option
	l := openLedger(t, d, file)
	s = run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Failed != 3 || s.Delivered != 0 || e.sb.Created("contacts") != 0 {
		t.Fatalf("summary %+v, %d created: want every row failed, nothing sent", s, e.sb.Created("contacts"))
	}
	fails, err := l.List(ledger.Failed, 0)
	if err != nil || len(fails) != 3 || !strings.Contains(fails[0].ErrMessage, `custom field "Referral Source" (picklist)`) || !strings.Contains(fails[0].ErrMessage, "is not one of its options: Website, Referral, Advertisement, Other") {
		t.Fatalf("failures %+v %v", fails, err)
	}
}

// TestCustomFieldUpdateSendsValueID: a contact's Referral Source changes
// in the Nexset; the update reads the contact's values first and sends the
// change through the id of the value it holds, so the contact keeps one
// Referral Source (the same value, changed), not two. The sandbox refuses,
// as a second value, an entry without the id.
func TestCustomFieldUpdateSendsValueID(t *testing.T) {
	e := startSandbox(t, sandbox.Config{RateLimit: -1})
	d, file := copySample(t, "intake-contacts.yaml")
	l := openLedger(t, d, file)
	if s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l}); s.Created != 3 {
		t.Fatalf("first activation %+v", s)
	}
	in1, _, _ := l.Get("IN-1")
	before := referralValues(t, e, in1.ClioID)
	if len(before) != 1 || before[0].Value != "Website" {
		t.Fatalf("IN-1's Referral Source after the create: %+v", before)
	}

	csv, err := os.ReadFile(d.NexsetPath())
	if err != nil {
		t.Fatal(err)
	}
	// The phone changes too (a custom field alone: customprint_test.go).
	writeFile(t, d.Dir, d.Nexset.Path, strings.Replace(string(csv), "555-0141,555-0191,Website,", "555-0140,555-0191,Advertisement,", 1))
	s := run(t, context.Background(), Options{Destination: d, Client: e.client, Ledger: l})
	if s.Updated != 1 || s.Failed != 0 || s.Skipped != 2 {
		t.Fatalf("second activation %+v", s)
	}
	after := referralValues(t, e, in1.ClioID)
	if len(after) != 1 || after[0].Value != "Advertisement" || after[0].ID != before[0].ID {
		t.Fatalf("IN-1's Referral Source after the update: %+v (was %+v)", after, before)
	}
	var patch []byte
	for _, en := range e.log.entries(t) {
		if en.Method == "PATCH" {
			patch = en.Body
		}
	}
	if !strings.Contains(string(patch), `"id":"`+before[0].ID+`"`) {
		t.Errorf("the PATCH sent %s, without the value's id %s", patch, before[0].ID)
	}
}

// cfValue is one custom field value as Clio shows it.
type cfValue struct {
	ID    string `json:"id"`
	Name  string `json:"field_name"`
	Value string `json:"value"`
}

// referralValues reads the Referral Source values of contact id, with the
// picklist option's name as Value.
func referralValues(t *testing.T, e *env, id int64) []cfValue {
	t.Helper()
	raw, _, err := e.client.Get(context.Background(), fmt.Sprintf("/contacts/%d.json", id), "custom_field_values{id,field_name,picklist_option}")
	if err != nil {
		t.Fatal(err)
	}
	var obj struct {
		Values []struct {
			cfValue
			Option struct{ Option string } `json:"picklist_option"`
		} `json:"custom_field_values"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatal(err)
	}
	var out []cfValue
	for _, v := range obj.Values {
		if v.Name == "Referral Source" {
			v.cfValue.Value = v.Option.Option
			out = append(out, v.cfValue)
		}
	}
	return out
}
