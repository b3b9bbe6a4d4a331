package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// gets lists the GET requests the sandbox has answered (look-ups).
func (l *sbLog) gets(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, e := range l.entries(t) {
		if e.Method == "GET" && !strings.Contains(e.Path, "who_am_i") {
			out = append(out, e.Path)
		}
	}
	return out
}

// TestLookupsEndToEnd is issue 9's "done when": a CSV export naming
// matters by display number, lawyers by e-mail and activities by name goes
// through new --no-input to the sandbox with exactly the right IDs; the
// unknown matter fails by name; each distinct value costs one call; a
// second activation looks nothing up; preview shows the
// IDs with a credential and "looked up when sent" without one.
func TestLookupsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "samples", "firm-time.csv"))
	if err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "export.csv")
	data = append(data, "FT-6,11/04/2026,0.8,00099-Nobody,priya@firm.example,Correspondence,Letter on a matter not opened in Clio yet\n"...)
	if err := os.WriteFile(csv, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	file := filepath.Join(dir, "export.yaml")
	code, out, errOut := runCmd(t, env, "new", "--no-input", "-o", file, "--name", "Export", "--nexset", csv, "--key", "entry_id",
		"--credential", "firm", "--template", "create_activity", "--set", "type=TimeEntry",
		"--map", "date=work_date:date:MM/DD/YYYY", "--map", "quantity=hours:hours_to_seconds", "--map", "note=narrative",
		"--map", "matter.id=matter_number:lookup:matters.display_number",
		"--map", "user.id=lawyer_email:lookup:users.email",
		"--map", "activity_description.id=activity:lookup:activity_descriptions.name")
	if code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}

	// Without a credential the samples say when the IDs are found.
	code, out, _ = runCmd(t, map[string]string{"CLIODEST_CONFIG_DIR": t.TempDir()}, "preview", "--records", "1", file)
	if code != 0 || !strings.Contains(out, "matter.id: looked up when sent") {
		t.Errorf("preview without a credential: exit %d\n%s", code, out)
	}
	// With it, they show them; the unknown matter is its sample's problem.
	code, out, _ = runCmd(t, env, "preview", "--records", "6", file)
	if code != 0 || !strings.Contains(out, `"id": 3009`) || !strings.Contains(out, "matter_number: no matter with display_number 00099-Nobody") {
		t.Errorf("preview with a credential: exit %d\n%s", code, out)
	}
	n := len(ds.log.gets(t))

	code, out, errOut = runCmd(t, env, "activate", "--json", file)
	if code != exitFailed {
		t.Fatalf("activate: exit %d\n%s%s", code, out, errOut)
	}
	var fin struct {
		Delivered, Failed int
		Lookups           int `json:"lookups"`
		LookupFailures    int `json:"lookup_failures"`
	}
	var failure string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		switch ev["event"] {
		case "finished":
			json.Unmarshal([]byte(line), &fin)
		case "record_failed":
			failure, _ = ev["message"].(string)
		}
	}
	// 5 distinct matters, the users once, the activity descriptions once.
	if fin.Delivered != 5 || fin.Failed != 1 || fin.Lookups != 7 || fin.LookupFailures != 1 || len(ds.log.gets(t))-n != 7 {
		t.Errorf("activate: %+v, %d look-ups in the sandbox's log", fin, len(ds.log.gets(t))-n)
	}
	if !strings.Contains(failure, "matter_number: no matter with display_number 00099-Nobody") {
		t.Errorf("failure %q", failure)
	}
	want := map[string][3]int64{
		"Drafted reply to the boundary wall notice":      {sandbox.MatterWhitfield, sandbox.UserMarcus, sandbox.DescDrafting},
		"Meeting with the executors re estate inventory": {sandbox.MatterWhitfieldEstate, sandbox.UserPriya, sandbox.DescClientMeeting},
		"Research on drainage easements":                 {sandbox.MatterMarsh, sandbox.UserJane, sandbox.DescResearch},
		"Call with Alice Smith re settlement offer":      {sandbox.MatterSmithContract, sandbox.UserJane, sandbox.DescPhoneCall},
		"Reviewed the surveyor's report":                 {sandbox.MatterWhitfield, sandbox.UserMarcus, sandbox.DescReview},
	}
	stored := storedLinks(t, ds)
	for note, ids := range want {
		if stored[note] != ids {
			t.Errorf("%q reached Clio with matter, user, description %v, want %v", note, stored[note], ids)
		}
	}
	if n := ds.sb.Created("activities"); n != 5 {
		t.Errorf("%d activities created, want 5", n)
	}

	// A second activation sends nothing and looks nothing up.
	n = len(ds.log.gets(t))
	code, out, _ = runCmd(t, env, "activate", file)
	if got := ds.log.gets(t)[n:]; code != exitFailed || len(got) != 0 || strings.Contains(out, "look-up") {
		t.Errorf("second activation: exit %d, asked %v\n%s", code, got, out)
	}
}

// storedLinks reads the created activities back: note → matter, user,
// activity description IDs.
func storedLinks(t *testing.T, ds *deliverSandbox) map[string][3]int64 {
	t.Helper()
	var page struct {
		Data []struct {
			Note   string
			Matter struct{ ID int64 }
			User   struct{ ID int64 }
			Desc   struct{ ID int64 } `json:"activity_description"`
		}
	}
	sandboxGet(t, ds, "/api/v4/activities.json?fields=note,matter{id},user{id},activity_description{id}&limit=200", &page)
	out := map[string][3]int64{}
	for _, a := range page.Data {
		out[a.Note] = [3]int64{a.Matter.ID, a.User.ID, a.Desc.ID}
	}
	return out
}

// TestLookupSamplesReachTheSandbox: the tasks sample (display numbers, user
// names with stray spaces and case, task type names) creates its three
// tasks with the right IDs; the time-entries sample its five entries.
func TestLookupSamplesReachTheSandbox(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"firm-tasks.yaml", "firm-tasks.csv", "firm-time.yaml", "firm-time.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	if code, out, errOut := runCmd(t, env, "activate", filepath.Join(dir, "firm-tasks.yaml")); code != 0 {
		t.Fatalf("tasks: exit %d\n%s%s", code, out, errOut)
	}
	var page struct {
		Data []struct {
			Name     string
			Matter   struct{ ID int64 }
			Assignee struct{ ID int64 }
			TaskType struct{ ID int64 } `json:"task_type"`
		}
	}
	sandboxGet(t, ds, "/api/v4/tasks.json?fields=name,matter{id},assignee{id},task_type{id}&limit=200", &page)
	want := map[string][3]int64{
		"Serve reply notice": {sandbox.MatterWhitfield, sandbox.UserMarcus, sandbox.TaskTypeFiling},
		"Estate inventory":   {sandbox.MatterWhitfieldEstate, sandbox.UserPriya, sandbox.TaskTypeFollowUp},
		"Drainage expert":    {sandbox.MatterMarsh, sandbox.UserJane, sandbox.TaskTypeDeadline},
	}
	for _, tk := range page.Data {
		if w, ok := want[tk.Name]; ok {
			if got := [3]int64{tk.Matter.ID, tk.Assignee.ID, tk.TaskType.ID}; got != w {
				t.Errorf("%s: %v, want %v", tk.Name, got, w)
			}
			delete(want, tk.Name)
		}
	}
	if len(want) > 0 || ds.sb.Created("tasks") != 3 {
		t.Errorf("tasks missing: %v (created %d)", want, ds.sb.Created("tasks"))
	}
	code, out, _ := runCmd(t, env, "activate", filepath.Join(dir, "firm-time.yaml"))
	if code != 0 || ds.sb.Created("activities") != 5 || !strings.Contains(out, "Delivered 5, failed 0") {
		t.Errorf("time entries: exit %d, %d created\n%s", code, ds.sb.Created("activities"), out)
	}
}

// TestSuggestLookups: --suggest proposes lookups where the columns hold a
// firm's references (display numbers, e-mail addresses), not IDs.
func TestSuggestLookups(t *testing.T) {
	out := filepath.Join(t.TempDir(), "s.yaml")
	code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", out, "--name", "S", "--nexset", filepath.Join("..", "samples", "firm-time.csv"),
		"--key", "entry_id", "--credential", "firm", "--template", "create_activity", "--suggest")
	for _, want := range []string{"map matter.id=matter_number:lookup:matters.display_number", "map user.id=lawyer_email:lookup:users.email"} {
		if code != 0 || !strings.Contains(stdout+stderr, want) {
			t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
		}
	}
}
