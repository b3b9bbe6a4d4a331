package cmd

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// sampleDestinations are the destinations in samples/ with the flags that
// create each.
var sampleDestinations = []struct {
	file    string
	flags   []string
	kind    string // sandbox kind the test send touches
	creates bool
}{
	{file: "time-entries.yaml", kind: "activities", creates: true, flags: []string{"--name", "Time entries", "--nexset", "time-entries.csv", "--key", "entry_id", "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "date=work_date:date:MM/DD/YYYY", "--map", "quantity=hours:hours_to_seconds",
		"--map", "matter.id=matter_id:integer", "--map", "user.id=user_id:integer", "--map", "activity_description.id=activity_description_id:integer",
		"--map", "note=narrative", "--exclude", "internal_notes"}},
	{file: "expenses.yaml", kind: "activities", creates: true, flags: []string{"--name", "Expenses", "--nexset", "expenses.jsonl", "--key", "expense_id", "--credential", "firm",
		"--template", "create_activity", "--set", "type=ExpenseEntry", "--map", "price=unit_cost:number", "--map", "quantity=units:number",
		"--map", "expense_category.id=category_id:integer", "--map", "note=description", "--map", "date=date:date", "--exclude", "card_last4"}},
	{file: "advanced-activities.yaml", kind: "activities", creates: true, flags: []string{"--name", "Time entries (Advanced)", "--nexset", "time-entries.csv", "--key", "entry_id", "--credential", "firm",
		"--method", "POST", "--url", "/api/v4/activities.json", "--headers", `X-Request-Source:cliodest sample,X-Note:a\, b`, "--passthrough=false",
		"--set", "type=TimeEntry", "--map", "date=work_date:date:MM/DD/YYYY", "--map", "quantity=hours:hours_to_seconds",
		"--map", "matter.id=matter_id:integer", "--map", "note=narrative", "--exclude", "internal_notes", "--response-file", "responses.jsonl"}},
	{file: "new-tasks.yaml", kind: "tasks", creates: true, flags: []string{"--name", "New tasks", "--nexset", "new-tasks.json", "--credential", "firm", "--timezone", "America/New_York",
		"--template", "create_task", "--map", "name=title", "--map", "description=details", "--map", "assignee.id=assignee_id:integer", "--set", "assignee.type=User",
		"--map", "matter.id=matter_id:integer", "--map", "due_at=due:datetime", "--map", "task_type.id=task_type_id:integer"}},
	{file: "task-updates.yaml", kind: "tasks", flags: []string{"--name", "Task updates", "--nexset", "task-updates.jsonl", "--key", "task_id", "--credential", "firm",
		"--template", "update_task", "--id", "{record.task_id}", "--exclude", "comment"}},
	{file: "activity-updates.yaml", kind: "activities", flags: []string{"--name", "Activity corrections", "--nexset", "activity-updates.jsonl", "--key", "activity_id", "--credential", "firm",
		"--template", "update_activity", "--id", "{record.activity_id}", "--map", "quantity=hours:hours_to_seconds", "--map", "note=narrative"}},
}

const samplesDir = "../samples"

func runCmd(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	tio := newTestFactory(t, env)
	code := run(tio.f, args)
	return code, tio.out.String(), tio.errOut.String()
}

// loadComparable loads a destination with the parts that legitimately
// differ between two equivalent files (random ID, path spelling) evened out.
func loadComparable(t *testing.T, path string) *flow.Destination {
	t.Helper()
	d, err := flow.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(d.NexsetPath())
	d.Nexset.Path = abs
	if d.ResponseWebhook.File != "" {
		d.ResponseWebhook.File = filepath.Base(d.ResponseWebhook.File)
	}
	d.ID, d.Dir = "", ""
	return d
}

func TestSampleDestinationsFromFlags(t *testing.T) {
	for _, sd := range sampleDestinations {
		t.Run(sd.file, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), sd.file)
			args := []string{"new", "--no-input", "-o", out}
			for i := 0; i < len(sd.flags); i++ {
				a := sd.flags[i]
				args = append(args, a)
				if a == "--nexset" {
					i++
					args = append(args, filepath.Join(samplesDir, sd.flags[i]))
				}
			}
			code, stdout, stderr := runCmd(t, nil, args...)
			if code != 0 {
				t.Fatalf("new: exit %d\n%s%s", code, stdout, stderr)
			}
			if got, want := loadComparable(t, out), loadComparable(t, filepath.Join(samplesDir, sd.file)); !reflect.DeepEqual(got, want) {
				t.Errorf("new made\n%+v\nsamples/ holds\n%+v", got, want)
			}
			st, _ := os.Stat(out)
			if st.Mode().Perm() != 0o600 {
				t.Errorf("mode %v", st.Mode())
			}
			// Without --force an existing file is kept.
			if code, _, stderr := runCmd(t, nil, args...); code != exitUsage || !strings.Contains(stderr, "--force") {
				t.Errorf("second new: exit %d, %s", code, stderr)
			}
		})
	}
}

func TestSampleDestinationsValidateAndPreview(t *testing.T) {
	for _, sd := range sampleDestinations {
		t.Run(sd.file, func(t *testing.T) {
			path := filepath.Join(samplesDir, sd.file)
			code, stdout, stderr := runCmd(t, nil, "validate", path)
			if code != 0 || !strings.Contains(stdout, "is valid: 10 sample records produce requests Clio accepts") {
				t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = runCmd(t, nil, "preview", "--json", "--records", "5", path)
			if code != 0 {
				t.Fatalf("preview: exit %d\n%s", code, stderr)
			}
			var samples []flow.Sample
			if err := json.Unmarshal([]byte(stdout), &samples); err != nil || len(samples) != 5 {
				t.Fatalf("preview --json: %v, %d samples\n%s", err, len(samples), stdout)
			}
			for _, s := range samples {
				if !s.OK() {
					t.Errorf("record %d: %s %v", s.Records[0].Pos, s.Error, s.Problems)
				}
				if s.Header.Get("Authorization") != "Bearer "+flow.Mask {
					t.Errorf("Authorization shown as %q", s.Header.Get("Authorization"))
				}
			}
			code, stdout, _ = runCmd(t, nil, "preview", path)
			if code != 0 || !strings.Contains(stdout, "✓ Clio's published API accepts this request") || !strings.Contains(stdout, "/api/v4/") {
				t.Errorf("preview: exit %d\n%s", code, stdout)
			}
		})
	}
}

// TestSampleDestinationsTestAgainstSandbox sends each sample's first record
// to a fresh sandbox, as a newcomer would: updates change seeded records.
func TestSampleDestinationsTestAgainstSandbox(t *testing.T) {
	for _, sd := range sampleDestinations {
		t.Run(sd.file, func(t *testing.T) {
			sb := sandbox.New(sandbox.Config{RateLimit: -1})
			srv := httptest.NewServer(sb)
			defer srv.Close()
			token, _ := sb.IssueToken()
			env := map[string]string{"CLIODEST_BASE_URL": srv.URL, "CLIODEST_TOKEN": token, "CLIODEST_CONFIG_DIR": t.TempDir()}
			before, live := sb.Created(sd.kind), sb.Count(sd.kind)
			code, stdout, stderr := runCmd(t, env, "test", sampleCopy(t, sd.file))
			if code != 0 {
				t.Fatalf("test: exit %d\n%s%s", code, stdout, stderr)
			}
			wantStatus := "Status: 200"
			if sd.creates {
				wantStatus = "Status: 201"
			}
			if !strings.Contains(stdout, wantStatus) || !strings.Contains(stdout, `"id"`) {
				t.Errorf("output lacks %s and Clio's answer:\n%s", wantStatus, stdout)
			}
			if strings.Contains(stdout+stderr, token) {
				t.Error("the token was printed")
			}
			after := sb.Created(sd.kind)
			switch {
			case sd.creates && after != before+1:
				t.Errorf("created %d %s, want 1", after-before, sd.kind)
			case !sd.creates && (after != before || sb.Count(sd.kind) != live):
				t.Errorf("an update created objects: %d → %d", before, after)
			}
		})
	}
}

func TestTestSendsEditedPayload(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	token, _ := sb.IssueToken()
	env := map[string]string{"CLIODEST_BASE_URL": srv.URL, "CLIODEST_TOKEN": token, "CLIODEST_CONFIG_DIR": t.TempDir()}
	payload := filepath.Join(t.TempDir(), "edited.json")
	os.WriteFile(payload, []byte(`{"data":{"type":"TimeEntry","date":"2024-05-06","quantity":3600,"note":"edited by hand","matter":{"id":3001}}}`), 0o600)
	file := sampleCopy(t, "time-entries.yaml")
	code, stdout, stderr := runCmd(t, env, "test", "--record", "2", "--payload", payload, file)
	if code != 0 || !strings.Contains(stdout, "Status: 201") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if sb.Created("activities") != 1 {
		t.Fatalf("created %d activities", sb.Created("activities"))
	}
	// A payload Clio refuses: the answer is shown and the exit status is 1.
	os.WriteFile(payload, []byte(`{"data":{"type":"Lunch"}}`), 0o600)
	code, stdout, stderr = runCmd(t, env, "test", "--payload", payload, file)
	if code != 1 || !strings.Contains(stdout, "Status: 422") || !strings.Contains(stderr, "Clio may refuse the payload") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestDestinationCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nid: x\nname: n\nstatus: paused\nnexset: {path: a.csv}\ncredential: firm\napi_version: 4.0.10\nendpoint: {template: update_task}\nbatching: {enabled: true, size: 0}\n"), 0o600)
	nexsetFile := filepath.Join(samplesDir, "time-entries.csv")
	timeEntries := sampleCopy(t, "time-entries.yaml")
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		wantErr  []string
	}{
		{"validate lists every problem with lines", nil, []string{"validate", bad}, 1, []string{"line 8: endpoint.id:", "line 9: batching.enabled:"}},
		{"preview a bad file", nil, []string{"preview", bad}, 1, []string{"line 8"}},
		{"validate missing file", nil, []string{"validate", filepath.Join(dir, "none.yaml")}, 1, []string{"no destination file at", "cliodest new"}},
		{"new needs --no-input", nil, []string{"new", "-o", filepath.Join(dir, "x1.yaml")}, 2, []string{"--no-input"}},
		{"new needs -o", nil, []string{"new", "--no-input", "--nexset", nexsetFile}, 2, []string{"-o FILE"}},
		{"new bad template", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x2.yaml"), "--nexset", nexsetFile, "--template", "create_widget"}, 2, []string{"--template: unknown template"}},
		{"new bad map", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x3.yaml"), "--nexset", nexsetFile, "--template", "create_activity", "--map", "date=work_date:dat"}, 2, []string{"unknown conversion"}},
		{"new batch on template", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x4.yaml"), "--nexset", nexsetFile, "--template", "create_activity", "--batching"}, 2, []string{"--batching:", "one object per call"}},
		{"new bad batch size", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x5.yaml"), "--nexset", nexsetFile, "--method", "POST", "--url", "/api/v4/x.json", "--batching", "--batch-size", "0"}, 2, []string{"--batch-size 0"}},
		{"new bad header", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x6.yaml"), "--nexset", nexsetFile, "--method", "POST", "--url", "/api/v4/notes.json", "--headers", "Host:x"}, 2, []string{"--headers:", "Host cannot be set"}},
		{"new missing id", nil, []string{"new", "--no-input", "-o", filepath.Join(dir, "x7.yaml"), "--nexset", nexsetFile, "--template", "update_task"}, 2, []string{"--id:"}},
		{"test a real host needs --yes", map[string]string{"CLIODEST_TOKEN": "tok-secret", "CLIODEST_CONFIG_DIR": dir}, []string{"test", timeEntries}, 2, []string{"--yes"}},
		{"test record out of range", map[string]string{"CLIODEST_TOKEN": "tok-secret", "CLIODEST_CONFIG_DIR": dir}, []string{"test", "--record", "99", timeEntries}, 2, []string{"only 22 record(s) that can be read: give a number from 1 to 22"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.env, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.wantCode, stdout, stderr)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stdout+stderr, "tok-secret") {
				t.Error("the token was printed")
			}
		})
	}
}
