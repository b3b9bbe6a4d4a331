package accessible_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// On contacts, the firm's custom fields are listed from Clio and one is
// filled by name; it is saved in custom_fields.
func TestCustomFieldsAsked(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "contacts.yaml")
	answers := []string{"intake.csv", "", "", "-", "1", "5", "", "", "1"} // read, key, zone, credential, Create Contact, on_change, no find-by
	answers = append(answers, "", "", "", "", "")                         // name, type, first and last name as suggested; no other attribute
	answers = append(answers, "Nowhere Field", "referral source", "referral_source", "")
	answers = append(answers, "", "", "", "n", save, "", "n") // exclude, webhook, file, no test, save, name, not now
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	out := e.out.String()
	for _, want := range []string{"The firm's custom fields of Contacts: ", "Referral Source (", `"Nowhere Field" is not one of the firm's custom fields`} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.CustomFields) != 1 || d.CustomFields[0].Name != "Referral Source" || d.CustomFields[0].Source != "referral_source" {
		t.Errorf("custom fields = %+v", d.CustomFields)
	}
}
