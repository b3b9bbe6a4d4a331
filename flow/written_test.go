package flow

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestWrittenByCliodest recognises what cliodest writes (from the types that
// write it) and nothing else.
func TestWrittenByCliodest(t *testing.T) {
	dir := t.TempDir()
	d := New("Notes")
	doc, _ := json.Marshal(d.ResponseDoc(Call{Method: "POST", URL: "http://x/api/v4/notes.json", Records: []RecordRef{{Pos: 1}}}, 201, []byte(`{"data":{"id":3}}`), nil, time.Now()))
	logged, _ := json.Marshal(sandbox.LogEntry{Time: time.Now(), Method: "POST", Path: "/api/v4/notes.json", Status: 201, Body: json.RawMessage(`{"data":{}}`), ID: 3, Fault: "slow"})
	files := map[string]struct{ text, want string }{
		"responses.jsonl": {string(doc) + "\n", "a response file"},
		"sandbox.jsonl":   {string(logged) + "\n", "a sandbox request log"},
		"x.ledger.db":     {"SQLite format 3\x00rest", "a ledger"},
		"calls.jsonl":     {`{"time":"09:00","method":"phone","path":"a","status":"done","caller":"Ann","matter":1,"duration":3,"x":1}` + "\n", ""},
		"entries.csv":     {"method,url,status\nPOST,/a,1\n", ""},
		"empty.json":      {"", ""},
	}
	for name, f := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(f.text), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := WrittenByCliodest(p); got != f.want {
			t.Errorf("%s: %q, want %q", name, got, f.want)
		}
	}
	if got := WrittenByCliodest(filepath.Join(dir, "missing.csv")); got != "" {
		t.Errorf("missing file: %q", got)
	}
}
