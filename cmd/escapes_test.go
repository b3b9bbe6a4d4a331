package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// hostile are strings a Nexset or a server could use to take over a
// terminal: OSC 52 (clipboard write), OSC 8 (a hidden link), clear screen,
// a retitle, BEL, a C1 CSI (U+009B) and a raw 0x9b byte.
var hostile = []string{
	"\x1b]52;c;cm0gLXJmIH4=\x07",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
	"\x1b[2J\x1b[H",
	"\x1b]0;owned\x07",
	"\a",
	"\u009b31m",
	"\u0085\u009d",
	"x\x9by",
}

// assertNoControl fails when out holds ESC, BEL, another C0 control but
// newline and tab, DEL, a C1 control or a byte that is not UTF-8.
func assertNoControl(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		bad := r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
		if r == utf8.RuneError && !strings.HasPrefix(out[i:], "\uFFFD") {
			bad = true
		}
		if bad {
			lo := max(0, i-30)
			t.Errorf("%s: control %U reaches the output at byte %d: %q", what, r, i, out[lo:min(len(out), i+30)])
			return
		}
	}
}

// TestNoEscapeFromANexsetReachesTheTerminal feeds records whose keys,
// values and attribute names carry escape sequences through every command
// that shows them; none reaches the output, while --json keeps the exact
// key.
func TestNoEscapeFromANexsetReachesTheTerminal(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 1, nil)
	var b strings.Builder
	for i, h := range hostile {
		matter := 3001
		if i%2 == 1 {
			matter = 999999 // refused by Clio: a failure line and a status --failed row
		}
		rec := map[string]any{"id": fmt.Sprintf("K%d%s", i, h), "date": "2024-03-04", "hours": 0.5,
			"note": "note " + h, "matter_id": matter, "extra" + h: h}
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	b.WriteString("{\"id\":\"raw\x9b\",\"date\":\"2024-03-04\",\"hours\":0.5,\"note\":\"raw \x1b[2J\",\"matter_id\":999999}\n")
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := ds.env(t)
	for _, args := range [][]string{
		{"validate", file},
		{"preview", "-n", "20", file},
		{"activate", "--dry-run", file},
		{"activate", file},
		{"status", "--failed", file},
		{"status", file},
		{"retry", file},
	} {
		_, out, errOut := runCmd(t, env, args...)
		assertNoControl(t, strings.Join(args, " ")+" stdout", out)
		assertNoControl(t, strings.Join(args, " ")+" stderr", errOut)
	}
	_, out, _ := runCmd(t, env, "status", "--failed", "--json", file)
	if !strings.Contains(out, `K1\u001b]8;;https://evil.example\u001b\\click`) {
		t.Errorf("status --json does not keep the exact key:\n%s", out)
	}
}

// TestNoEscapeFromAServerReachesTheTerminal: a server whose user name
// carries escape sequences is shown safely by login, credentials list and
// credentials check (the name is saved, so every later list shows it).
func TestNoEscapeFromAServerReachesTheTerminal(t *testing.T) {
	evil := "Jane " + strings.Join(hostile, " ")
	e := newCredEnv(t, sandbox.Config{UserName: evil})
	access, _ := e.sb.IssueToken()
	code, out, errOut := e.run(t, access+"\n", nil, "--base-url", e.url, "login", "--name", "sb", "--token-stdin")
	if code != 0 || !strings.Contains(out, "Jane") {
		t.Fatalf("login exit %d: %s %s", code, out, errOut)
	}
	assertNoControl(t, "login", out+errOut)
	for _, args := range [][]string{{"credentials", "list"}, {"--base-url", e.url, "credentials", "check", "sb"}} {
		code, out, errOut := e.run(t, "", nil, args...)
		if code != 0 {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
		assertNoControl(t, strings.Join(args, " "), out+errOut)
	}
	_, out, _ = e.run(t, "", nil, "credentials", "list", "--json")
	var listed []map[string]any
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed) != 1 || !strings.Contains(fmt.Sprint(listed[0]), "\x1b]52;c;") {
		t.Errorf("credentials list --json does not keep the exact name: %v %s", err, out)
	}
}
