package deliver

import (
	"context"
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
