package cmd

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// qaDestination copies samples/time-entries.csv beside a destination file
// whose YAML is the sample Advanced one with edit applied, and returns its path.
func qaDestination(t *testing.T, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	csv, err := os.ReadFile(filepath.Join(samplesDir, "time-entries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	yaml, err := os.ReadFile(filepath.Join(samplesDir, "advanced-activities.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "d.yaml")
	if err := os.WriteFile(filepath.Join(dir, "time-entries.csv"), csv, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dest, []byte(edit(string(yaml))), 0o600); err != nil {
		t.Fatal(err)
	}
	return dest
}

func TestHeaderSecretsThroughCommands(t *testing.T) {
	const secret = "qa-s3cr3t-value"
	out := filepath.Join(t.TempDir(), "x.yaml")
	code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", out, "--nexset", filepath.Join(samplesDir, "time-entries.csv"),
		"--method", "POST", "--url", "/api/v4/activities.json", "--headers", "X-Api-Key:"+secret)
	if code != 2 || !strings.Contains(stderr, "--headers:") || !strings.Contains(stderr, "X-Api-Key:${X_API_KEY}") || strings.Contains(stdout+stderr, secret) {
		t.Fatalf("new with a literal secret header: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("new wrote %s anyway", out)
	}

	dest := qaDestination(t, func(y string) string {
		return strings.Replace(y, `headers: X-Request-Source:cliodest sample,X-Note:a\, b`, `headers: "X-Api-Key:${QA_FIRM_API_KEY}"`, 1)
	})
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(sb)
	defer srv.Close()
	token, _ := sb.IssueToken()
	env := map[string]string{"CLIODEST_BASE_URL": srv.URL, "CLIODEST_TOKEN": token, "CLIODEST_CONFIG_DIR": t.TempDir()}

	// Unset (in the Factory's environment; the process's is not read):
	// validate and preview are fine and show the reference; test refuses,
	// naming header and variable.
	t.Setenv("QA_FIRM_API_KEY", secret)
	if code, stdout, stderr := runCmd(t, env, "validate", dest); code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := runCmd(t, env, "preview", dest); code != 0 || !strings.Contains(stdout, "X-Api-Key: ${QA_FIRM_API_KEY}") {
		t.Fatalf("preview: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, env, "test", dest)
	if code == 0 || !strings.Contains(stdout+stderr, "header X-Api-Key: environment variable QA_FIRM_API_KEY is not set") {
		t.Fatalf("test with the variable unset: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := sb.Created("activities"); n != 0 {
		t.Fatalf("sent %d activities without the header's variable", n)
	}

	// Set: the test send goes through, and nothing prints or records the value.
	env["QA_FIRM_API_KEY"] = secret
	code, stdout, stderr = runCmd(t, env, "test", dest)
	if code != 0 || !strings.Contains(stdout, "Status: 201") {
		t.Fatalf("test: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Fatal("test printed the header's secret")
	}
	for _, f := range []string{dest, filepath.Join(filepath.Dir(dest), "responses.jsonl")} {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), secret) {
			t.Fatalf("%s holds the header's secret", f)
		}
	}
}

func TestDateLayoutThroughCommands(t *testing.T) {
	nexsetFile := filepath.Join(samplesDir, "time-entries.csv")
	tests := []struct {
		name     string
		conv     string
		wantCode int
		want     []string // in validate's output
		not      string
	}{
		{"plain date warns", "date", 0, []string{"warning", `work_date: "03/04/2024" is ambiguous`, "date:DD/MM/YYYY or date:MM/DD/YYYY"}, ""},
		{"month first layout", "date:MM/DD/YYYY", 0, []string{"is valid"}, "ambiguous"},
		{"day first layout fails the month-first records", "date:DD/MM/YYYY", 1, []string{"records 12–13 (time-entries.csv lines 13–14): work_date", "work_date", `"03/13/2024" read as DD/MM/YYYY is not a real date`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "d.yaml")
			code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", out, "--nexset", nexsetFile, "--credential", "firm",
				"--template", "create_activity", "--set", "type=TimeEntry", "--map", "date=work_date:"+tt.conv,
				"--map", "quantity=hours:hours_to_seconds", "--map", "matter.id=matter_id:integer")
			if code != 0 {
				t.Fatalf("new: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = runCmd(t, nil, "validate", "--records", "30", out)
			if code != tt.wantCode {
				t.Fatalf("validate: exit %d, want %d\n%s%s", code, tt.wantCode, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("validate output lacks %q:\n%s%s", w, stdout, stderr)
				}
			}
			if tt.not != "" && strings.Contains(stdout+stderr, tt.not) {
				t.Errorf("validate output has %q:\n%s%s", tt.not, stdout, stderr)
			}
		})
	}
}

func TestAbsoluteURLOnAnotherHostThroughCommands(t *testing.T) {
	const euURL = "https://eu.app.clio.com/api/v4/activities.json"
	const want = "eu.app.clio.com is not the credential's host https://app.clio.com: its token is never sent elsewhere"
	config := t.TempDir()
	index := "version: 1\ncredentials:\n  - {name: firm, region: us, kind: token, storage: keyring}\n"
	if err := os.WriteFile(filepath.Join(config, "credentials.yaml"), []byte(index), 0o600); err != nil {
		t.Fatal(err)
	}
	saved := map[string]string{"CLIODEST_CONFIG_DIR": config}
	dest := qaDestination(t, func(y string) string {
		return strings.Replace(y, "url: /api/v4/activities.json", "url: "+euURL, 1)
	})
	nexsetFile := filepath.Join(samplesDir, "time-entries.csv")
	newArgs := func(out string, extra ...string) []string {
		return append([]string{"new", "--no-input", "-o", out, "--nexset", nexsetFile, "--credential", "firm",
			"--method", "POST", "--url", euURL, "--set", "type=TimeEntry", "--map", "date=work_date:date:MM/DD/YYYY"}, extra...)
	}
	out := filepath.Join(t.TempDir(), "n.yaml")
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		want     string
	}{
		{"validate: the saved credential's host", saved, []string{"validate", dest}, 1, "endpoint.url: " + want},
		{"validate: --base-url", nil, []string{"--base-url", "https://app.clio.com", "validate", dest}, 1, want},
		{"validate: CLIODEST_TOKEN goes to us", map[string]string{"CLIODEST_TOKEN": "tok-secret"}, []string{"validate", dest}, 1, want},
		{"validate: host unknown", map[string]string{"CLIODEST_CONFIG_DIR": t.TempDir()}, []string{"validate", dest}, 0, "is valid"},
		{"new: the saved credential's host", saved, newArgs(out), 2, "--url: " + want},
		{"new: --base-url", nil, append([]string{"--base-url", "http://127.0.0.1:8765"}, newArgs(out)...), 2, "eu.app.clio.com is not the credential's host http://127.0.0.1:8765"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.env, tt.args...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.want) {
				t.Fatalf("exit %d, want %d and %q\n%s%s", code, tt.wantCode, tt.want, stdout, stderr)
			}
			if strings.Count(stdout+stderr, "never sent elsewhere") > 1 {
				t.Fatalf("the host problem is reported twice:\n%s%s", stdout, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Fatalf("new wrote %s despite the host problem", out)
			}
		})
	}
}
