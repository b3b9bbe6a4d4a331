package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// Find-or-create from the command line, with Clio's search lagging: new
// --no-input --find-by, preview saying what each record will do, and
// activate --json counting it; a second activation creates nothing.
func TestFindByCommands(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "intake.csv")
	rows := "ref,first,surname,email\n" +
		"I-1,Eleanor,Whitfield,Eleanor.Whitfield@mail.example\n" +
		"I-2,Dana,Reyes,dana@new.example\n" +
		"I-3,Dana,Reyes,DANA@new.example\n"
	if err := os.WriteFile(csv, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "contacts.yaml")
	if code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", file, "--nexset", csv, "--key", "ref", "--credential", "firm",
		"--template", "create_contact", "--set", "type=Person", "--map", "first_name=first", "--map", "last_name=surname",
		"--map", "email_addresses[0].address=email", "--set", "email_addresses[0].name=Work",
		"--find-by", "email:lookup:contacts.email", "--on-exists", "update"); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, stdout, stderr)
	}
	saved, _ := os.ReadFile(file)
	if !strings.Contains(string(saved), "find_by:\n  source: email\n  lookup: lookup:contacts.email\non_exists: update") {
		t.Errorf("saved file:\n%s", saved)
	}
	if code, _, stderr := runCmd(t, nil, "new", "--no-input", "-o", filepath.Join(dir, "u.yaml"), "--nexset", csv, "--credential", "firm",
		"--template", "update_contact", "--id", "{record.ref}", "--find-by", "email:lookup:contacts.email"); code != 2 ||
		!strings.Contains(stderr, "an update template already names its object") {
		t.Errorf("--find-by on an update template: exit %d: %s", code, stderr)
	}

	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour}, nil)
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"preview", file}); code != 0 {
		t.Fatalf("preview: exit %d\n%s", code, tio.errOut)
	}
	for _, want := range []string{
		"find_by: finds contact 2007 (Eleanor Whitfield) by email Eleanor.Whitfield@mail.example → PATCH " + ds.url + "/api/v4/contacts/2007.json",
		"find_by: no contact with email dana@new.example → POST " + ds.url + "/api/v4/contacts.json",
	} {
		if !strings.Contains(tio.out.String(), want) {
			t.Errorf("preview lacks %q:\n%s", want, tio.out)
		}
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--json", file}); code != 0 {
		t.Fatalf("activate: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	var fin struct {
		Event                                                string
		Created, UpdatedExisting, SkippedExisting, Ambiguous int
		FindBy                                               string `json:"find_by"`
	}
	lines := strings.Split(strings.TrimSpace(tio.out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &fin); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	json.Unmarshal([]byte(lines[len(lines)-1]), &raw)
	if fin.Event != "finished" || raw["created"] != 1.0 || raw["updated_existing"] != 2.0 || raw["ambiguous"] != 0.0 || fin.FindBy != "lookup:contacts.email" {
		t.Errorf("finished: %s", lines[len(lines)-1])
	}
	if n := ds.sb.Created("contacts"); n != 1 {
		t.Errorf("%d contacts created, want 1", n)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", file}); code != 0 || !strings.Contains(tio.out.String(), "find_by: created 1, updated 2 existing, skipped 0 existing, 0 ambiguous") {
		t.Errorf("status: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--json", file}); code != 0 || !strings.Contains(tio.out.String(), `"updated_existing": 2`) {
		t.Errorf("status --json: exit %d\n%s%s", code, tio.out, tio.errOut)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", file}); code != 0 {
		t.Fatalf("second activate: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	if n := ds.sb.Created("contacts"); n != 1 || !strings.Contains(tio.errOut.String()+tio.out.String(), "find_by lookup:contacts.email: created 0, updated 0 existing") {
		t.Errorf("second activation: %d contacts created\n%s%s", n, tio.out, tio.errOut)
	}
}

// A test send of a find_by destination creates a contact that is new, and
// the ledger remembers it for its e-mail: the activation that follows
// updates it from the row that shares the e-mail (Clio's search, lagging,
// is not asked), and a test of a row whose contact is in Clio is its PATCH.
func TestFindByTestSend(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "intake.csv")
	rows := "ref,first,surname,email\n" +
		"I-1,Dana,Reyes,dana@new.example\n" +
		"I-2,Dana,Reyes,DANA@new.example\n" +
		"I-3,Eleanor,Whitfield,eleanor.whitfield@mail.example\n"
	if err := os.WriteFile(csv, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "contacts.yaml")
	if code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", file, "--nexset", csv, "--key", "ref", "--credential", "firm",
		"--template", "create_contact", "--set", "type=Person", "--map", "first_name=first", "--map", "last_name=surname",
		"--map", "email_addresses[0].address=email", "--find-by", "email:lookup:contacts.email"); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, stdout, stderr)
	}
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1, SearchLag: time.Hour}, nil)
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"test", "--record", "3", file}); code != 0 || !strings.Contains(tio.errOut.String(), "Sending PATCH "+ds.url+"/api/v4/contacts/2007.json") {
		t.Fatalf("test of an existing contact: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"test", "--record", "1", file}); code != 0 || !strings.Contains(tio.errOut.String(), "Sending POST") {
		t.Fatalf("test of a new contact: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--json", file}); code != 0 {
		t.Fatalf("activate: exit %d\n%s%s", code, tio.out, tio.errOut)
	}
	lines := strings.Split(strings.TrimSpace(tio.out.String()), "\n")
	var fin map[string]any
	json.Unmarshal([]byte(lines[len(lines)-1]), &fin)
	if fin["created"] != 0.0 || fin["updated_existing"] != 2.0 || fin["lookups"] != 1.0 {
		t.Errorf("finished: %s", lines[len(lines)-1])
	}
	if n := ds.sb.Created("contacts"); n != 1 {
		t.Errorf("%d contacts created, want 1 (the test's)", n)
	}
}
