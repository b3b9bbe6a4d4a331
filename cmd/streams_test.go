package cmd

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestStreams holds every command to the README's rule: results
// (summaries, reports, confirmations) on standard output; progress,
// warnings and questions on standard error; with --json, standard output
// is JSON only (JSON Lines for activate and retry, one document otherwise).
func TestStreams(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	file := writeActivities(t, t.TempDir(), 4, func(i int) bool { return i == 4 })
	jsonFile := writeActivities(t, t.TempDir(), 4, func(i int) bool { return i == 4 })
	ce := newCredEnv(t, sandbox.Config{})
	access, _ := ce.sb.IssueToken()
	credEnv := map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}
	newFile := filepath.Join(t.TempDir(), "new.yaml")

	const jsonLines, jsonDoc = 1, 2
	tests := []struct {
		name       string
		env        map[string]string
		stdin      string
		args       []string
		json       int    // jsonLines or jsonDoc: what stdout must be
		out        string // a result: on stdout, not on stderr
		errOut     string // progress or a warning: on stderr, not on stdout
		wantExitOK bool
	}{
		{"login", credEnv, access + "\n", []string{"--base-url", ce.url, "login", "--name", "firm", "--token-stdin"}, 0, "Logged in to Clio", "", true},
		{"credentials list", credEnv, "", []string{"credentials", "list"}, 0, "firm", "", true},
		{"credentials list --json", credEnv, "", []string{"credentials", "list", "--json"}, jsonDoc, "", "", true},
		{"credentials check", credEnv, "", []string{"credentials", "check", "firm"}, 0, "works", "", true},
		{"version", env, "", []string{"version"}, 0, "commit:", "", true},
		{"version --json", env, "", []string{"version", "--json"}, jsonDoc, "", "", true},
		{"validate", env, "", []string{"validate", file}, 0, "is valid", "", true},
		{"preview", env, "", []string{"preview", file}, 0, "POST", "", true},
		{"test", env, "", []string{"test", file}, 0, "Status: 201", "Sending POST", true},
		{"activate --dry-run", env, "", []string{"activate", "--dry-run", file}, 0, "Dry run: 4 records checked", "Checking", true},
		{"activate", env, "", []string{"activate", file}, 0, "Delivered 2, failed 1, skipped 1", "record 4 (line 4, key R4) failed", false},
		{"activate --json", env, "", []string{"activate", "--json", jsonFile}, jsonLines, `"event":"finished"`, "", false},
		{"status", env, "", []string{"status", file}, 0, "delivered  3", "", true},
		{"status --json", env, "", []string{"status", "--json", file}, jsonDoc, "", "", true},
		{"retry --json", env, "", []string{"retry", "--json", jsonFile}, jsonLines, `"event":"record_failed"`, "", false},
		{"pause", env, "", []string{"pause", file}, 0, "paused", "", true},
		{"pause again", env, "", []string{"pause", file}, 0, "already paused", "", true},
		{"rekey: nothing to re-key", env, "", []string{"rekey", file}, 0, "nothing to re-key", "", true},
		{"new", env, "", []string{"new", "--no-input", "-o", newFile, "--nexset", filepath.Join(filepath.Dir(file), "records.jsonl"),
			"--template", "create_activity", "--map", "date=date:date", "--map", "quantity=hours:hours_to_seconds", "--map", "matter.id=matter_id:integer",
			"--set", "type=TimeEntry"}, 0, "Wrote " + newFile, "", true},
		{"credentials remove", credEnv, "", []string{"credentials", "remove", "firm"}, 0, "Removed credential", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, tt.env)
			tio.f.In = strings.NewReader(tt.stdin)
			code := run(tio.f, tt.args)
			out, errOut := tio.out.String(), tio.errOut.String()
			if (code == 0) != tt.wantExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if tt.out != "" && (!strings.Contains(out, tt.out) || strings.Contains(errOut, tt.out)) {
				t.Errorf("the result %q is not on stdout alone\nstdout:\n%s\nstderr:\n%s", tt.out, out, errOut)
			}
			if tt.errOut != "" && (!strings.Contains(errOut, tt.errOut) || strings.Contains(out, tt.errOut)) {
				t.Errorf("%q is not on stderr alone\nstdout:\n%s\nstderr:\n%s", tt.errOut, out, errOut)
			}
			switch tt.json {
			case jsonLines:
				for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
					if !json.Valid([]byte(line)) {
						t.Errorf("stdout line is not JSON: %q", line)
					}
				}
			case jsonDoc:
				dec := json.NewDecoder(bytes.NewReader([]byte(out)))
				var v any
				if err := dec.Decode(&v); err != nil || dec.More() {
					t.Errorf("stdout is not one JSON document (%v):\n%s", err, out)
				}
			}
		})
	}
}
