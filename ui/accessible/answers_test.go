package accessible_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestMappingAnswersCanBeTakenBack (issue 24, 7–8): < goes back one
// question and the new answer replaces the old; answering an attribute
// again from "Another Clio attribute" replaces it too (no "already mapped"
// loop); a constant outside the attribute's values is refused at the
// prompt, one differing only in case is taken as Clio spells it; the
// remaining attributes are listed by name; the same refusal on several
// records is one line; no message quotes command-line syntax.
func TestMappingAnswersCanBeTakenBack(t *testing.T) {
	e := newEnv(t)
	tasks := `[{"title":"File claim","details":"Serve it","assignee_id":1001,"matter_id":3001,"due":"2024-04-02","priority":"urgent","task_type_id":5001},
{"title":"Lease","details":"Chase Acme","assignee_id":1001,"matter_id":3003,"due":"2024-04-05","priority":"urgent","task_type_id":5002},
{"title":"Will","details":"Book it","assignee_id":1001,"matter_id":3002,"due":"2024-04-08","priority":"urgent","task_type_id":5004}]`
	if err := os.WriteFile(filepath.Join(e.dir, "urgent.json"), []byte(tasks), 0o600); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(e.dir, "tasks.yaml")
	answers := []string{
		"urgent.json", "", "", "1", "3", "", "", // Nexset, no key, time zone, credential, Create Task, on_change, on_remove
		"",             // name: title
		"title",        // description: the wrong source
		"<",            // back from assignee.id to description
		"details",      // description again: replaces title
		"",             // assignee.id
		"=Group",       // assignee.type: not one of User, Contact
		"=user",        // taken as User
		"", "", "", "", // due_at, matter.id, priority, task_type.id as suggested
		"description", "notes:string", // another: description again, a bad source
		"details:string", // replaces it (no "already mapped")
		"",               // no other attribute
		"", "", "",       // exclude, webhook, response file
		"n",           // no test send
		save, "", "n", // save, name, do not activate
	}
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	out := e.out.String()
	d, err := flow.Load(save)
	if err != nil {
		t.Fatalf("saved: %v\n%s", err, out)
	}
	got := map[string]flow.Mapping{}
	for _, m := range d.Mapping {
		if _, twice := got[m.Target]; twice {
			t.Errorf("%s is mapped twice: %v", m.Target, d.Mapping)
		}
		got[m.Target] = m
	}
	if m := got["description"]; m.Source != "details" || m.Convert != "string" {
		t.Errorf("description = %+v, want the last answer details:string", m)
	}
	if m := got["assignee.type"]; !m.Const || m.Value != "User" {
		t.Errorf("assignee.type = %+v, want the constant User", m)
	}
	for _, want := range []string{
		"< goes back one question",
		"description (string, required) [title]", // asked again, the earlier answer as default
		`Not accepted: "Group" is not one of User, Contact`,
		"Taken as User, as Clio spells it.",
		`Not accepted: "notes" is not an attribute of the Nexset`,
		"Other Clio attributes: cascading,",
		"records 1–3 (lines 1–3): Clio would refuse it:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Clio would refuse it: data.priority"); n > 3+1+3 { // once per sample payload shown, once in the list, once per record in the Save step's check
		t.Errorf("the priority refusal is repeated %d times:\n%s", n, out)
	}
	for _, bad := range []string{"--map", "--set", "already mapped"} {
		if strings.Contains(out, bad) {
			t.Errorf("output says %q:\n%s", bad, out)
		}
	}
}
