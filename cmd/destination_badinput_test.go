package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/internal/realpath"
)

// badNexsetDestination writes a create_task destination over a Nexset with
// the given name and content, and returns the destination's path.
func badNexsetDestination(t *testing.T, name string, content []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "d.yaml")
	yaml := "version: 1\nid: qa\nname: n\nstatus: paused\ncredential: firm\napi_version: 4.0.10\nnexset: {path: " + name + "}\n" +
		"endpoint: {template: create_task}\nmapping:\n  - {target: name, source: name}\n  - {target: description, value: d}\n" +
		"  - {target: assignee.id, value: 1001}\n  - {target: assignee.type, value: User}\n"
	if err := os.WriteFile(dest, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return dest
}

// The Nexsets of the "Bad input" list, through validate and
// preview: each is reported with its file and line, or handled, never a crash.
func TestBadNexsetsThroughCommands(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)
	tests := []struct {
		name, file, content string
		validateCode        int
		want                []string // in validate's output (stdout+stderr)
	}{
		{"duplicate header", "d.csv", "name,name\nx,y\n", 1, []string{"d.csv line 1", `duplicate column name "name"`}},
		{"empty header", "e.csv", "name,,b\nx,y,z\n", 1, []string{"e.csv line 1", "empty column name (column 2)"}},
		{"ragged row", "r.csv", "name,b\nx,1\ny\n", 1, []string{"r.csv line 3", "1 fields, but the header has 2"}},
		{"BOM and CRLF", "b.csv", "\ufeffname,b\r\nx,1\r\ny,2\r\n", 0, []string{"is valid: 2 sample records"}},
		{"BOM and CRLF, JSON Lines", "b.jsonl", "\ufeff{\"name\":\"x\"}\r\n{\"name\":\"y\"}\r\n", 0, []string{"is valid: 2 sample records"}},
		{"invalid UTF-8, CSV", "u.csv", "name\nx\xffy\n", 1, []string{"u.csv line 2", "invalid UTF-8"}},
		{"invalid UTF-8, JSON Lines", "u.jsonl", "{\"name\":\"x\xffy\"}\n", 1, []string{"u.jsonl line 1", "invalid UTF-8"}},
		{"deep nesting", "n.jsonl", deep + "\n", 1, []string{"n.jsonl line 1", "nested deeper than"}},
		{"a 10 MB record", "big.jsonl", `{"name":"` + strings.Repeat("x", 10<<20) + "\"}\n", 1, []string{"big.jsonl line 1", "too large", "max_request_bytes"}},
		{"empty file", "z.jsonl", "", 0, []string{"has no records"}},
		{"header only", "h.csv", "name,b\n", 0, []string{"has no records"}},
		{"empty array", "a.json", "[]", 0, []string{"has no records"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := badNexsetDestination(t, tt.file, []byte(tt.content))
			code, stdout, stderr := runCmd(t, nil, "validate", dest)
			if code != tt.validateCode {
				t.Fatalf("validate: exit %d, want %d\n%s%s", code, tt.validateCode, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("validate output lacks %q:\n%s%s", w, stdout, stderr)
				}
			}
			if code, stdout, stderr := runCmd(t, nil, "preview", dest); code != 0 {
				t.Errorf("preview: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// test refuses an empty Nexset plainly, before looking for a credential.
func TestTestEmptyNexset(t *testing.T) {
	dest := badNexsetDestination(t, "z.jsonl", nil)
	code, stdout, stderr := runCmd(t, map[string]string{"CLIODEST_TOKEN": "tok-secret", "CLIODEST_CONFIG_DIR": t.TempDir()}, "test", dest)
	if code != exitFailed || !strings.Contains(stderr, "z.jsonl has no records: there is nothing to send") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// An Advanced path Clio does not publish is never shown as accepted.
func TestPreviewUncheckedPath(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "n.jsonl"), []byte("{\"id\": 7, \"subject\": \"s\"}\n{\"subject\": \"no id\"}\n"), 0o600)
	dest := filepath.Join(dir, "d.yaml")
	os.WriteFile(dest, []byte("version: 1\nid: qa\nname: n\nstatus: paused\ncredential: firm\napi_version: 4.0.10\nnexset: {path: n.jsonl, key: id}\n"+
		"endpoint: {method: POST, url: \"/api/v4/widgets/{record.id}.json\"}\n"), 0o600)
	code, stdout, stderr := runCmd(t, nil, "preview", dest)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, w := range []string{"? not checked: POST /api/v4/widgets/7.json is not in Clio's published API v4", "── Sample 2 · record 2 (line 2) ──", "✗ no request:"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("preview lacks %q:\n%s", w, stdout)
		}
	}
	if strings.Contains(stdout, "✓") || strings.Contains(stdout, "key )") {
		t.Errorf("preview claims acceptance or shows an empty key:\n%s", stdout)
	}
	code, stdout, stderr = runCmd(t, nil, "validate", dest)
	// The location is said once (issue 24.10: not "record 2: n.jsonl line 2 (record 2): …").
	if code != 1 || !strings.Contains(stderr, "record 2 (n.jsonl line 2): id: missing") || strings.Contains(stderr, "(record 2)") {
		t.Errorf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The same verdict on several sample records is one line naming them all.
func TestPrintProblemsGroupsRecords(t *testing.T) {
	ps := flow.Problems{
		{Field: "mapping", Message: "required attribute name has no mapping"},
		{Field: "record 1 (line 2)", Message: "Clio would refuse it: missing data.name"},
		{Field: "record 1 (line 2)", Message: "Clio would refuse it: missing data.date"},
		{Field: "record 2 (line 3)", Message: "Clio would refuse it: missing data.name"},
		{Field: "record 3 (line 5)", Message: "Clio would refuse it: missing data.name"},
		{Field: "record 5 (line 7)", Message: "Clio would refuse it: missing data.name"},
		{Field: "record 5 (line 7)", Message: "Clio would refuse it: missing data.name", Warning: true},
		{Field: "record 6", Message: "n.jsonl line 8 (record 6): id: missing"},
	}
	var b strings.Builder
	printProblems(&b, "d.yaml", "n.jsonl", ps)
	// A record's line is the Nexset's: "d.yaml: record 1 (line 2)" read as line 2 of d.yaml.
	want := "d.yaml: mapping: required attribute name has no mapping\n" +
		"d.yaml: records 1–3, 5 (n.jsonl lines 2–3, 5, 7): Clio would refuse it: missing data.name\n" +
		"d.yaml: record 1 (n.jsonl line 2): Clio would refuse it: missing data.date\n" +
		"d.yaml: warning: record 5 (n.jsonl line 7): Clio would refuse it: missing data.name\n" +
		"d.yaml: record 6: n.jsonl line 8 (record 6): id: missing\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// A destination whose Nexset is not there: validate, preview and activate
// say so once, naming the file and nexset.path, not a chain of "open" prefixes.
func TestMissingNexsetThroughCommands(t *testing.T) {
	dest := badNexsetDestination(t, "here.csv", []byte("name\nx\n"))
	if err := os.Remove(filepath.Join(filepath.Dir(dest), "here.csv")); err != nil {
		t.Fatal(err)
	}
	want := "no Nexset at " + filepath.Join(filepath.Dir(realpath.Of(dest)), "here.csv") + ": check nexset.path (here.csv) in the destination file"
	for _, args := range [][]string{{"validate", dest}, {"preview", dest}, {"activate", "--dry-run", dest}} {
		code, stdout, stderr := runCmd(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "open ") || strings.Count(stderr, "here.csv") != 2 {
			t.Errorf("%s: exit %d, want a failure saying %q once:\n%s%s", args[0], code, want, stdout, stderr)
		}
	}
}
