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
// matters whose client is the contact just made, found by its e-mail.
func TestIntakeTemplatesReachClio(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "intake.csv")
	rows := "ref,first,surname,email,phone,summary\n" +
		"I-1,Grace,Hopper,grace@navy.example,555-0101,Compiler licence dispute\n" +
		"I-2,Alan,Turing,alan@bletchley.example,,Estate of a codebreaker\n"
	if err := os.WriteFile(csv, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	contacts, matters := filepath.Join(dir, "contacts.yaml"), filepath.Join(dir, "matters.yaml")
	for _, args := range [][]string{
		{"-o", contacts, "--name", "Intake contacts", "--template", "create_contact",
			"--map", "first_name=first", "--map", "last_name=surname", "--map", "name=surname", "--set", "type=Person",
			"--map", "email_addresses[0].address=email", "--set", "email_addresses[0].name=Work",
			"--map", "phone_numbers[0].number=phone", "--set", "phone_numbers[0].name=Mobile"},
		{"-o", matters, "--name", "Intake matters", "--template", "create_matter",
			"--map", "client.id=email:lookup:contacts.email", "--map", "description=summary"},
	} {
		base := []string{"new", "--no-input", "--nexset", csv, "--key", "ref", "--credential", "firm"}
		if code, stdout, stderr := runCmd(t, nil, append(base, args...)...); code != 0 {
			t.Fatalf("new %v: exit %d\n%s%s", args, code, stdout, stderr)
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
	ds.log.mu.Lock()
	sent := ds.log.b.String()
	ds.log.mu.Unlock()
	for _, want := range []string{`"first_name":"Grace"`, `"type":"Person"`,
		`"email_addresses":[{"address":"grace@navy.example","name":"Work"}]`,
		`"phone_numbers":[{"name":"Mobile","number":"555-0101"}]`,
		`"client":{"id":90001}`, `"client":{"id":90002}`, `"description":"Estate of a codebreaker"`} {
		if !strings.Contains(sent, want) {
			t.Errorf("no request sent %s", want)
		}
	}
	if strings.Count(sent, `"phone_numbers"`) != 1 {
		t.Errorf("a contact without a phone was sent a phone list:\n%s", sent)
	}
}
