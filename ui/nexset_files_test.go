package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNexsetFileList: the path input lists its directory's Nexset files
// (csv, json, jsonl, ndjson; nothing else); ↑/↓ put one in the path, enter
// loads it, and then the hint says enter continues.
func TestNexsetFileList(t *testing.T) {
	f := newOfflineFixture(t)
	for name, body := range map[string]string{
		"b.csv":     "entry_id,hours\nTE-9,1\n",
		"c.ndjson":  `{"entry_id":"TE-8"}` + "\n",
		"notes.txt": "not a Nexset\n",
		// what cliodest wrote: a response file and the sandbox's request log
		"responses.jsonl": `{"destination":"d","destination_id":"x","method":"POST","url":"u","records":[],"status":201,"time":"2026-01-01T00:00:00Z"}` + "\n",
		"sandbox.jsonl":   `{"time":"2026-01-01T00:00:00Z","method":"POST","path":"/api/v4/notes.json","status":201}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(f.dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(f.dir, "sub.csv"), 0o700); err != nil { // a directory, whatever its name
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	s := m.steps[stepNexset].(*nexsetStep)
	got := screen(m)
	for _, want := range []string{"Nexset files here (↑/↓ to choose, enter loads)", "b.csv", "c.ndjson", "entries.jsonl", "tab completes a file name; enter loads it", "↑/↓ choose a file"} {
		if !strings.Contains(got, want) {
			t.Fatalf("first screen lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "notes.txt") || strings.Contains(got, "sub.csv") || strings.Contains(got, "responses.jsonl") || strings.Contains(got, "sandbox.jsonl") {
		t.Fatalf("the list offers what is not a Nexset file:\n%s", got)
	}
	path := func() string { return s.fm.get("path").value() }
	steps := []struct {
		key, want string
	}{
		{"down", "b.csv"}, {"down", "c.ndjson"}, {"down", "entries.jsonl"},
		{"down", "entries.jsonl"}, // below the list: on to the Format field
		{"up", "entries.jsonl"},   // back on the path, the list shows again
		{"up", "c.ndjson"}, {"up", "b.csv"},
	}
	for i, st := range steps {
		press(t, m, st.key)
		if want := filepath.Join(f.dir, st.want); path() != want {
			t.Fatalf("key %d (%s): path %q, want %q", i, st.key, path(), want)
		}
	}
	if got := screen(m); !strings.Contains(got, "> b.csv") {
		t.Fatalf("the picked file is not marked:\n%s", got)
	}
	press(t, m, "enter")
	if got := screen(m); s.loaded != filepath.Join(f.dir, "b.csv") || !strings.Contains(got, "Records: 1") {
		t.Fatalf("enter did not load the picked file:\n%s", got)
	}
	got = screen(m)
	if !strings.Contains(got, "enter continues") || strings.Contains(got, "enter loads it") || strings.Contains(got, "Nexset files here") {
		t.Fatalf("after loading, the hint and list:\n%s", got)
	}
	press(t, m, "enter")
	if m.cur != stepCredential {
		t.Fatalf("step = %s, want Credential", stepTitles[m.cur])
	}

	// Typing narrows the list to the names that start with it.
	press(t, m, "esc", "up", "up", "up", "up", "ctrl+u") // back (on Read as), on the path field
	typeText(t, m, filepath.Join(f.dir, "e"))
	if got := screen(m); !strings.Contains(got, "entries.jsonl") || strings.Contains(got, "b.csv") {
		t.Fatalf("typed 'e', list:\n%s", got)
	}
}
