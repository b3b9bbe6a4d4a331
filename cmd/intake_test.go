package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// The contact and matter templates from `new --no-input` to the sandbox:
// contacts made from an intake export with e-mail and phone lists, then
// matters whose client is the contact just made, found by its e-mail; each
// with the firm's custom fields by name (the contact's Referral Source, the
// matter's own Case Type, not the contact's).
func TestIntakeTemplatesReachClio(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "intake.csv")
	rows := "ref,first,surname,email,phone,summary,referral,case\n" +
		"I-1,Grace,Hopper,grace@navy.example,555-0101,Compiler licence dispute,Website,Commercial\n" +
		"I-2,Alan,Turing,alan@bletchley.example,,Estate of a codebreaker,referral,family\n"
	if err := os.WriteFile(csv, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	contacts, matters := filepath.Join(dir, "contacts.yaml"), filepath.Join(dir, "matters.yaml")
	for _, args := range [][]string{
		{"-o", contacts, "--name", "Intake contacts", "--template", "create_contact",
			"--map", "first_name=first", "--map", "last_name=surname", "--map", "name=surname", "--set", "type=Person",
			"--map", "email_addresses[0].address=email", "--set", "email_addresses[0].name=Work",
			"--map", "phone_numbers[0].number=phone", "--set", "phone_numbers[0].name=Mobile",
			"--custom-field", "Referral Source=referral"},
		{"-o", matters, "--name", "Intake matters", "--template", "create_matter",
			"--map", "client.id=email:lookup:contacts.email", "--map", "description=summary",
			"--custom-field", "case type=case", "--custom-field-set", "Conflict Check Done=yes"},
	} {
		base := []string{"new", "--no-input", "--nexset", csv, "--key", "ref", "--credential", "firm"}
		code, stdout, stderr := runCmd(t, nil, append(base, args...)...)
		if code != 0 {
			t.Fatalf("new %v: exit %d\n%s%s", args, code, stdout, stderr)
		}
		if !strings.Contains(stdout, "  custom field ") {
			t.Errorf("new did not say which custom fields it fills:\n%s", stdout)
		}
	}
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	tio := newTestFactory(t, ds.env(t))
	for _, file := range []string{contacts, matters} {
		if code := run(tio.f, []string{"activate", file}); code != 0 {
			t.Fatalf("activate %s: exit %d\n%s%s", file, code, tio.out, tio.errOut)
		}
	}
	if c, m := ds.sb.Created("contacts"), ds.sb.Created("matters"); c != 2 || m != 2 {
		t.Fatalf("created %d contacts and %d matters, want 2 and 2", c, m)
	}
	sent := ds.log.String()
	for _, want := range []string{`"first_name":"Grace"`, `"type":"Person"`,
		`"email_addresses":[{"address":"grace@navy.example","name":"Work"}]`,
		`"phone_numbers":[{"name":"Mobile","number":"555-0101"}]`,
		`"client":{"id":90001}`, `"client":{"id":90002}`, `"description":"Estate of a codebreaker"`,
		`"custom_field_values":[{"custom_field":{"id":7001},"value":"7101"}]`,
		`"custom_field_values":[{"custom_field":{"id":7001},"value":"7102"}]`,
		`"custom_field_values":[{"custom_field":{"id":7011},"value":"7114"},{"custom_field":{"id":7012},"value":"true"}]`,
		`"custom_field_values":[{"custom_field":{"id":7011},"value":"7113"},{"custom_field":{"id":7012},"value":"true"}]`} {
		if !strings.Contains(sent, want) {
			t.Errorf("no request sent %s", want)
		}
	}
	if strings.Count(sent, `"phone_numbers"`) != 1 {
		t.Errorf("a contact without a phone was sent a phone list:\n%s", sent)
	}
}
