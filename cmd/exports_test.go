package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// createdBodies are the data objects of the creates the sandbox accepted at
// a path ending in suffix, ordered by their note.
func createdBodies(t *testing.T, ds *deliverSandbox, suffix string) []map[string]any {
	t.Helper()
	ds.log.mu.Lock()
	es, err := sandbox.ReadLog(bytes.NewReader(ds.log.b.Bytes()))
	ds.log.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, e := range es {
		if e.Method != "POST" || e.Status != 201 || !strings.HasSuffix(strings.SplitN(e.Path, "?", 2)[0], suffix) {
			continue
		}
		var body struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, body.Data)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["note"].(string) < out[j]["note"].(string) })
	return out
}

func writeFixture(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// unicodeText is s as Excel's "Unicode Text" saves it: UTF-16 LE with its mark.
func unicodeText(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// deliverExport creates a Create Activity destination for a firm's export
// with extra flags, checks what validate says it read, activates it against
// the sandbox and returns the activities created.
func deliverExport(t *testing.T, nexsetPath, wantRead string, extra ...string) []map[string]any {
	t.Helper()
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dest := filepath.Join(filepath.Dir(nexsetPath), "export.yaml")
	args := append([]string{"new", "--no-input", "-o", dest, "--nexset", nexsetPath, "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "matter.id=Matter:integer",
		"--map", "note=Description", "--passthrough=false"}, extra...)
	if code, out, errOut := runCmd(t, env, args...); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "validate", dest)
	if code != 0 || !strings.Contains(errOut, wantRead) {
		t.Fatalf("validate: exit %d, want %q on stderr\n%s%s", code, wantRead, out, errOut)
	}
	if code, out, errOut := runCmd(t, env, "activate", dest); code != 0 {
		t.Fatalf("activate: exit %d\n%s%s", code, out, errOut)
	}
	return createdBodies(t, ds, "/activities.json")
}

// Excel's Unicode Text export (UTF-16 LE, tabs, a .txt name) reaches Clio
// with its accents and dashes as written.
func TestUTF16TabExportReachesClio(t *testing.T) {
	dir := t.TempDir()
	text := "Entry\tDate\tMatter\tHours\tDescription\r\n" +
		"1\t2026-11-03\t3001\t1.5\tBesprechung Müller – Entwurf\r\n" +
		"2\t2026-11-04\t3002\t2\tSchriftsatz\r\n"
	path := writeFixture(t, dir, "Unicode Text.txt", unicodeText(text))
	got := deliverExport(t, path, "read "+path+" as delimited text, tab separated, utf-16le",
		"--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["note"] != "Besprechung Müller – Entwurf" || got[0]["quantity"] != float64(5400) || got[0]["date"] != "2026-11-03" {
		t.Fatalf("created %v", got)
	}
}

// Without --encoding a Windows-1252 file is refused with the way forward;
// an unknown encoding or delimiter is refused by new, naming the flag.
func TestWindows1252Refusals(t *testing.T) {
	dir := t.TempDir()
	path := writeFixture(t, dir, "zeiten.csv", []byte("Entry;Matter;Description\r\n1;3001;Besprechung M\xfcller \x96 Entwurf\r\n2;3002;Schriftsatz\r\n"))
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dest := filepath.Join(dir, "zeiten.yaml")
	base := []string{"new", "--no-input", "-o", dest, "--nexset", path, "--credential", "firm",
		"--template", "create_activity", "--set", "type=TimeEntry", "--map", "note=Description"}
	for flag, want := range map[string]string{"--encoding": "--encoding: unknown encoding \"ebcdic\"", "--delimiter": "--delimiter: unknown delimiter \"ebcdic\""} {
		code, out, errOut := runCmd(t, env, append(base, flag, "ebcdic")...)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("new %s ebcdic: exit %d, want %q\n%s%s", flag, code, want, out, errOut)
		}
	}
	if code, out, errOut := runCmd(t, env, base...); code != 0 {
		t.Fatalf("new: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCmd(t, env, "validate", dest)
	for _, want := range []string{"line 2", `invalid UTF-8 in column "Description"`, "Besprechung Müller – Entwurf", "--encoding windows-1252"} {
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("validate: exit %d, want %q\n%s%s", code, want, out, errOut)
		}
	}
}
