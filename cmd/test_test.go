package cmd

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// TestTestWebhook checks the decision that a test send leaves the response
// webhook alone unless --webhook asks for it.
func TestTestWebhook(t *testing.T) {
	tests := []struct {
		name     string
		enabled  bool
		args     []string
		wantDocs int
		wantErr  string
	}{
		{"webhook on, not asked", true, nil, 0, ""},
		{"webhook on, --webhook", true, []string{"--webhook"}, 1, "handed to the response webhook"},
		{"webhook off, --webhook", false, []string{"--webhook"}, 0, "response webhook is off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Config{RateLimit: -1})
			srv := httptest.NewServer(sb)
			defer srv.Close()
			token, _ := sb.IssueToken()
			dir := t.TempDir()
			d, err := flow.Load(filepath.Join(samplesDir, "time-entries.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			abs, _ := filepath.Abs(d.NexsetPath())
			d.Nexset.Path = abs
			d.ResponseWebhook = flow.WebhookCfg{Enabled: tt.enabled, File: "responses.jsonl"}
			file := filepath.Join(dir, "dest.yaml")
			if err := flow.Save(file, d); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"CLIODEST_BASE_URL": srv.URL, "CLIODEST_TOKEN": token, "CLIODEST_CONFIG_DIR": t.TempDir()}
			code, stdout, stderr := runCmd(t, env, append(append([]string{"test"}, tt.args...), file)...)
			if code != 0 || !strings.Contains(stdout, "Status: 201") || !strings.Contains(stdout+stderr, tt.wantErr) {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			// The test send asks for the template's fields: Clio's answer shows the activity.
			if !strings.Contains(stdout, `"type": "TimeEntry"`) || !strings.Contains(stdout, `"display_number"`) {
				t.Fatalf("the answer shows no more than id and etag:\n%s", stdout)
			}
			b, err := os.ReadFile(filepath.Join(dir, "responses.jsonl"))
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(b) == 0 {
				lines = nil
			}
			if len(lines) != tt.wantDocs {
				t.Fatalf("response file holds %d documents, want %d:\n%s", len(lines), tt.wantDocs, b)
			}
			for _, l := range lines {
				var doc flow.WebhookDoc
				if err := json.Unmarshal([]byte(l), &doc); err != nil || doc.Status != 201 || doc.Destination != "Time entries" {
					t.Fatalf("document %s (%v)", l, err)
				}
			}
			if strings.Contains(stdout+stderr+string(b), token) {
				t.Fatal("the token leaked")
			}
		})
	}
}

// A --payload that is not JSON is refused before any request, naming the
// file, line and column: Clio would only answer 400 and a request is spent.
func TestTestPayloadNotJSON(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		sb.ServeHTTP(w, r)
	}))
	defer srv.Close()
	token, _ := sb.IssueToken()
	dir := t.TempDir()
	d, err := flow.Load(filepath.Join(samplesDir, "time-entries.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(d.NexsetPath())
	d.Nexset.Path = abs
	file := filepath.Join(dir, "dest.yaml")
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\"data\": {\"note\": \"x\",\n  \"quantity\": }}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CLIODEST_BASE_URL": srv.URL, "CLIODEST_TOKEN": token, "CLIODEST_CONFIG_DIR": t.TempDir()}
	code, stdout, stderr := runCmd(t, env, "test", "--payload", bad, file)
	if code == 0 || !strings.Contains(stderr, bad) || !strings.Contains(stderr, "line 2, column 15") || !strings.Contains(stderr, "nothing was sent") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d request(s) reached the server for a body that is not JSON", n)
	}
}
