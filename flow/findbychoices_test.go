package flow

import (
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

func TestFindByChoices(t *testing.T) {
	d := New("Contacts")
	d.Credential = "firm"
	d.Nexset = NexsetRef{Path: "intake.csv"}
	d.Endpoint = Endpoint{Template: "create_contact"}
	got := d.FindByLookups()
	if len(got) == 0 {
		t.Fatal("Create Contact offers no find_by lookup")
	}
	for _, g := range got {
		if g[:len("lookup:contacts.")] != "lookup:contacts." {
			t.Errorf("%s does not find contacts", g)
		}
	}
	d.Endpoint = Endpoint{Template: UpdateActivity, ID: "1"}
	if got := d.FindByLookups(); got != nil {
		t.Errorf("an update template offers %v", got)
	}
	schema := nexset.InferSchema([]nexset.Record{rec(1, map[string]any{"client_email": "a@b.example", "name": "A"})})
	if s := FindBySource("lookup:contacts.email", schema); s != "client_email" {
		t.Errorf("source for contacts.email = %q", s)
	}
}
