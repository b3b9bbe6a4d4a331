package accessible_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNexsetListLeavesOutOwnFiles: the response file and the sandbox's log
// that cliodest wrote beside the Nexsets are not offered as Nexsets.
func TestNexsetListLeavesOutOwnFiles(t *testing.T) {
	e := newEnv(t)
	for name, body := range map[string]string{
		"responses.jsonl": `{"destination":"d","destination_id":"x","method":"POST","url":"u","records":[],"status":201,"time":"2026-01-01T00:00:00Z"}` + "\n",
		"sandbox.jsonl":   `{"time":"2026-01-01T00:00:00Z","method":"POST","path":"/api/v4/notes.json","status":201}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(e.dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.run(t, "time-entries.csv") // the list is printed before the first answer
	out := e.out.String()
	if !strings.Contains(out, "time-entries.csv") || strings.Contains(out, "responses.jsonl") || strings.Contains(out, "sandbox.jsonl") {
		t.Fatalf("list:\n%s", out)
	}
}
