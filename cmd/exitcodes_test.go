package cmd

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// readmeExitCodes reads the README's "Exit codes" table: code → meaning.
func readmeExitCodes(t *testing.T) map[int]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	i := strings.Index(s, "\n## Exit codes\n")
	if i < 0 {
		t.Fatal("README has no '## Exit codes' section")
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	codes := map[int]string{}
	for _, m := range regexp.MustCompile(`(?m)^\| (\d+) \| (.+) \|$`).FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		codes[n] = m[2]
	}
	return codes
}

// TestExitCodesDocumented holds the program to the README's table: the
// table lists exactly the codes the program uses, and each command's
// documented outcomes end with the code the table gives them (a state such
// as "never activated" or "no such credential" is never 2, bad usage).
func TestExitCodesDocumented(t *testing.T) {
	table := readmeExitCodes(t)
	used := []int{exitOK, exitFailed, exitUsage, exitStopped, exitInterrupted, exitTerminated}
	if len(table) != len(used) {
		t.Errorf("README's exit codes %v, the program's %v", table, used)
	}
	for _, c := range used {
		if table[c] == "" {
			t.Errorf("exit code %d is not in the README's table", c)
		}
	}

	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	noToken := map[string]string{"CLIODEST_BASE_URL": ds.url, "CLIODEST_CONFIG_DIR": t.TempDir()}
	badToken := map[string]string{"CLIODEST_BASE_URL": ds.url, "CLIODEST_TOKEN": "not-a-token", "CLIODEST_CONFIG_DIR": t.TempDir()}
	good := writeActivities(t, t.TempDir(), 3, nil)
	refused := writeActivities(t, t.TempDir(), 3, func(i int) bool { return i == 2 })
	never := writeActivities(t, t.TempDir(), 3, nil)
	dry := writeActivities(t, t.TempDir(), 3, nil)
	paused := writeActivities(t, t.TempDir(), 3, func(i int) bool { return i == 2 })
	invalid := filepath.Join(t.TempDir(), "invalid.yaml")
	if err := os.WriteFile(invalid, []byte("name: x\nendpoint: {template: no_such_template}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ce := newCredEnv(t, sandbox.Config{})
	access, _ := ce.sb.IssueToken()
	if code, _, errOut := ce.run(t, access+"\n", nil, "--base-url", ce.url, "login", "--name", "firm", "--token-stdin"); code != 0 {
		t.Fatalf("login: %d %s", code, errOut)
	}
	host, _ := clio.ParseBaseURL(ce.url)

	tests := []struct {
		name  string
		setup func(t *testing.T)
		env   map[string]string
		args  []string
		code  int
	}{
		{"version", nil, env, []string{"version"}, exitOK},
		{"unknown flag", nil, env, []string{"version", "--nope"}, exitUsage},
		{"missing argument", nil, env, []string{"activate"}, exitUsage},
		{"activate: all delivered", nil, env, []string{"activate", good}, exitOK},
		{"activate again: nothing left to do", nil, env, []string{"activate", good}, exitOK},
		{"activate: a record refused", nil, env, []string{"activate", refused}, exitFailed},
		{"activate again: failed earlier, nothing new sent", nil, env, []string{"activate", refused}, exitFailed},
		{"activate --dry-run: every record can be sent", nil, env, []string{"activate", "--dry-run", dry}, exitOK},
		{"validate: an invalid file", nil, env, []string{"validate", invalid}, exitFailed},
		{"validate: a valid file", nil, env, []string{"validate", good}, exitOK},
		{"preview: an invalid file", nil, env, []string{"preview", invalid}, exitFailed},
		{"preview", nil, env, []string{"preview", good}, exitOK},
		{"new: no -o", nil, env, []string{"new", "--no-input", "--nexset", "x.jsonl"}, exitUsage},
		{"rekey: never activated", nil, env, []string{"rekey", never}, exitFailed},
		{"completion: an unknown shell", nil, env, []string{"completion", "tcsh"}, exitUsage},
		{"completion", nil, env, []string{"completion", "bash"}, exitOK},
		{"sandbox: a bad flag value", nil, env, []string{"sandbox", "--fault-rate", "2"}, exitUsage},
		{"retry: never activated", nil, env, []string{"retry", never}, exitFailed},
		{"retry: paused", func(t *testing.T) {
			run(newTestFactory(t, env).f, []string{"activate", paused})
			run(newTestFactory(t, env).f, []string{"pause", paused})
		}, env, []string{"retry", paused}, exitStopped},
		{"pause", nil, env, []string{"pause", good}, exitOK},
		{"pause: already paused", nil, env, []string{"pause", good}, exitOK},
		{"status: never activated", nil, env, []string{"status", never}, exitOK},
		{"status: records failed", nil, env, []string{"status", refused}, exitOK},
		{"test: no such credential", nil, noToken, []string{"test", good}, exitFailed},
		{"test: the token refused", nil, badToken, []string{"test", good}, exitStopped},
		{"credentials check: no such credential", nil, map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}, []string{"credentials", "check", "nobody"}, exitFailed},
		{"credentials remove: no such credential", nil, map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}, []string{"credentials", "remove", "nobody"}, exitFailed},
		{"credentials check: works", nil, map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}, []string{"credentials", "check", "firm"}, exitOK},
		{"credentials check: the token refused", func(t *testing.T) {
			if err := clio.Deauthorize(context.Background(), host, access); err != nil {
				t.Fatal(err)
			}
		}, map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}, []string{"credentials", "check", "firm"}, exitStopped},
		{"login: a token Clio refuses", nil, map[string]string{"CLIODEST_CONFIG_DIR": ce.dir}, []string{"--base-url", ce.url, "login", "--name", "other", "--token-stdin"}, exitFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup(t)
			}
			tio := newTestFactory(t, tt.env)
			tio.f.In = strings.NewReader("not-a-token\n")
			code := run(tio.f, tt.args)
			if code != tt.code {
				t.Errorf("exit %d, want %d (%s): %s", code, tt.code, table[tt.code], tio.errOut)
			}
			if code != exitUsage && strings.Contains(tio.errOut.String(), "--help' for usage") {
				t.Errorf("exit %d offers --help, which is for bad usage only: %s", code, tio.errOut)
			}
		})
	}

	// Clio unreachable: the credential's server is gone.
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(sb)
	tok, _ := sb.IssueToken()
	if code, _, errOut := ce.run(t, tok+"\n", nil, "--base-url", srv.URL, "login", "--name", "gone", "--token-stdin"); code != 0 {
		t.Fatalf("login: %d %s", code, errOut)
	}
	srv.Close()
	if code, _, errOut := ce.run(t, "", nil, "credentials", "check", "gone"); code != exitStopped {
		t.Errorf("credentials check, server gone: exit %d, want %d: %s", code, exitStopped, errOut)
	}
}
