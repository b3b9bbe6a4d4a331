package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestEditorCommand(t *testing.T) {
	plain := "vi"
	if runtime.GOOS == "windows" {
		plain = "notepad"
	}
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"VISUAL first", map[string]string{"VISUAL": "code --wait", "EDITOR": "nano"}, []string{"code", "--wait", "f.json"}},
		{"then EDITOR", map[string]string{"EDITOR": "nano"}, []string{"nano", "f.json"}},
		{"blank VISUAL skipped", map[string]string{"VISUAL": "  ", "EDITOR": "emacs -nw"}, []string{"emacs", "-nw", "f.json"}},
		{"fallback", nil, []string{plain, "f.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := editorCommand(func(k string) string { return tt.env[k] }, "f.json")
			if !slices.Equal(c.Args, tt.want) {
				t.Fatalf("args = %q, want %q", c.Args, tt.want)
			}
		})
	}
}

// runEditorsHere makes m run the editor at once, without a terminal to
// hand over, and report as the program would.
func runEditorsHere(t *testing.T, m *model) *[]string {
	t.Helper()
	var ran []string
	m.execProcess = func(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
		ran = append(ran, filepath.Base(c.Path))
		return func() tea.Msg { return fn(c.Run()) }
	}
	return &ran
}

// script writes an executable shell script into dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExternalEditorRewritesTheBody(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the editors here are shell scripts")
	}
	f := newFixture(t)
	bin := t.TempDir()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // the sample's temporary copy lands here, to check it is removed
	visual := script(t, bin, "visual.sh", `printf '{"data":{"type":"Lunch","date":"2024-05-06"}}' > "$1"`+"\n")
	editor := script(t, bin, "editor.sh", `printf '{"data":{"type":"TimeEntry","date":"2024-05-06","quantity":60,"matter":{"id":3001}}}' > "$1"`+"\n")
	failing := script(t, bin, "failing.sh", "exit 3\n")
	env := map[string]string{"VISUAL": visual, "EDITOR": editor}
	o := f.options()
	o.Env = func(k string) string { return env[k] }
	m := newTestModel(t, o, 140, 45)
	ran := runEditorsHere(t, m)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter")
	if m.cur != stepTest {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	s := m.steps[stepTest].(*testStep)

	// $VISUAL wins; its body breaks Clio's rules, which is shown before sending.
	pressMore(t, m, "ctrl+e")
	got := screen(m)
	if !strings.Contains(got, `"Lunch"`) || !strings.Contains(got, "Clio may refuse the edited body") || !strings.Contains(got, "data.type") {
		t.Fatalf("after $VISUAL:\n%s", got)
	}
	press(t, m, "s") // a refused body asks first
	if got := flat(screen(m)); !strings.Contains(got, "Clio's published rules refuse the edited body (above). Send it anyway? (y/N)") || s.sending || s.result != nil {
		t.Fatalf("s on a refused body did not ask:\n%s", got)
	}
	press(t, m, "y")
	if got := screen(m); !strings.Contains(got, "Status: 422 refused") || f.srv.Created("activities") != 0 {
		t.Fatalf("sending the refused body:\n%s", got)
	}

	// Without $VISUAL, $EDITOR; the edited body is what Clio receives.
	delete(env, "VISUAL")
	pressMore(t, m, "ctrl+e")
	got = screen(m)
	if !strings.Contains(got, `"quantity":60`) || !strings.Contains(got, "follows Clio's published rules") {
		t.Fatalf("after $EDITOR:\n%s", got)
	}
	press(t, m, "s")
	if got := screen(m); !strings.Contains(got, "Status: 201 accepted") || f.srv.Created("activities") != 1 {
		t.Fatalf("sending the edited body:\n%s", got)
	}

	// An editor that fails leaves the body as it was and says why.
	env["EDITOR"] = failing
	before := s.body.Value()
	pressMore(t, m, "ctrl+e")
	if got := screen(m); s.body.Value() != before || !strings.Contains(got, "editor: exit status 3") {
		t.Fatalf("after a failing editor:\n%s", got)
	}

	if want := []string{"visual.sh", "editor.sh", "failing.sh"}; !slices.Equal(*ran, want) {
		t.Fatalf("editors run: %q, want %q", *ran, want)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "cliodest-sample-*"))
	if len(left) != 0 {
		t.Fatalf("temporary copies left behind: %q", left)
	}
}
