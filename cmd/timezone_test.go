package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// A plain due date for a Vancouver firm reaches Clio as that day's local
// midnight with its offset, through new --timezone and activate.
func TestTimezoneReachesClio(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	recs := `{"title":"File the claim","details":"d","due":"2026-12-01"}` + "\n" +
		`{"title":"Serve notice","details":"d","due":"2026-07-15 17:00"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "deadlines.jsonl"), []byte(recs), 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "deadlines.yaml")
	env := ds.env(t)
	code, _, errOut := runCmd(t, env, "new", "--no-input", "-o", dest, "--nexset", filepath.Join(dir, "deadlines.jsonl"),
		"--credential", "firm", "--template", "create_task", "--timezone", "America/Vancouver",
		"--map", "name=title", "--map", "description=details", "--set", "assignee.id=1001", "--set", "assignee.type=User",
		"--map", "due_at=due:datetime", "--passthrough=false")
	if code != 0 {
		t.Fatalf("new: exit %d: %s", code, errOut)
	}
	if code, out, errOut := runCmd(t, env, "activate", dest); code != 0 {
		t.Fatalf("activate: exit %d: %s%s", code, out, errOut)
	}
	es := ds.log.entries(t)
	var due []string
	for _, e := range es {
		if e.Method != "POST" || !strings.HasSuffix(strings.SplitN(e.Path, "?", 2)[0], "/tasks.json") {
			continue
		}
		var body struct {
			Data struct {
				DueAt string `json:"due_at"`
			} `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		due = append(due, body.Data.DueAt)
	}
	slices.Sort(due) // the workers may send them in either order
	want := "2026-07-15T17:00:00-07:00|2026-12-01T00:00:00-08:00"
	if strings.Join(due, "|") != want {
		t.Errorf("due_at sent %q, want %q", due, want)
	}
}
