package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCleanRemovesTerminalEscapes(t *testing.T) {
	tests := []struct {
		name, in, want string
		multiline      bool
	}{
		{"title change", "a\x1b]0;pwned\ab", "ab", false},
		{"clear screen", "x\x1b[2Jy", "xy", false},
		{"bell and NUL", "a\a\x00b", "a��b", false},
		{"newline kept in multiline", "a\nb", "a\nb", true},
		{"newline replaced on one line", "a\nb", "a�b", false},
		{"plain", "Jane Doe", "Jane Doe", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in, tt.multiline); got != tt.want {
				t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// A record carrying escape sequences reaches the screen harmless.
func TestHostileRecordIsCleaned(t *testing.T) {
	f := newOfflineFixture(t)
	hostile := `{"work_date":"2024-03-04","narrative":"\u001b]0;pwned\u0007hello\u001b[2J","matter_id":3001}` + "\n"
	if err := os.WriteFile(f.nexset, []byte(hostile), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	raw := m.View().Content
	if strings.Contains(raw, "\x1b]0;") || strings.Contains(raw, "\x1b[2J") || strings.Contains(raw, "\a") {
		t.Fatalf("escape sequence reached the frame: %q", raw)
	}
	if !strings.Contains(screen(m), "hello") {
		t.Fatalf("record text missing:\n%s", screen(m))
	}
}

func TestBackKeepsValuesAndQuitAsks(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter")
	if m.cur != stepCredential {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	press(t, m, "esc")
	if m.cur != stepNexset || !strings.Contains(screen(m), f.nexset) {
		t.Fatalf("back lost the path:\n%s", screen(m))
	}
	press(t, m, "ctrl+c")
	if m.quitting || !strings.Contains(screen(m), "Discard this destination?") {
		t.Fatalf("ctrl+c with unsaved work should ask:\n%s", screen(m))
	}
	press(t, m, "n")
	if m.quitting || m.quitAsk {
		t.Fatal("n should keep the wizard open")
	}
	press(t, m, "ctrl+c", "y")
	if !m.quitting {
		t.Fatal("y should leave")
	}
	if err := m.finish(&strings.Builder{}); err != ErrAborted {
		t.Fatalf("finish = %v, want ErrAborted", err)
	}
}

func TestNarrowTerminalHidesPaneUntilAsked(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 30)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	if strings.Contains(screen(m), "Sample requests") {
		t.Fatalf("pane shown at 80 columns:\n%s", screen(m))
	}
	press(t, m, "ctrl+p")
	if !strings.Contains(screen(m), "Sample requests") {
		t.Fatalf("ctrl+p did not show the pane:\n%s", screen(m))
	}
	for _, l := range strings.Split(screen(m), "\n") {
		if w := visibleWidth(l); w > 80 {
			t.Fatalf("line of %d columns at width 80: %q", w, l)
		}
	}
}

func TestEditOpensSavedDestination(t *testing.T) {
	f := newOfflineFixture(t)
	dest := filepath.Join(f.dir, "upd.yaml")
	yaml := "version: 1\nid: 0123456789abcdef0123456789abcdef\nname: upd\nstatus: paused\nnexset:\n  path: entries.jsonl\ncredential: \"\"\nendpoint:\n  template: update_activity\n  id: '{record.matter_id}'\napi_version: 4.0.10\nbatching:\n  enabled: false\nresponse_webhook:\n  enabled: false\n"
	if err := os.WriteFile(dest, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	o := f.options()
	o.EditPath = dest
	m := newTestModel(t, o, 140, 45)
	if got := screen(m); !strings.Contains(got, "Records: 3") {
		t.Fatalf("edit did not load the Nexset:\n%s", got)
	}
	if !strings.Contains(m.pane.content, "PATCH") || !strings.Contains(m.pane.content, "/activities/3001.json") {
		t.Fatalf("pane does not show the update URL from {record.entry_id}:\n%s", m.pane.content)
	}
	m.goTo(stepEndpoint)
	if got := screen(m); !strings.Contains(got, "{record.matter_id}") || !strings.Contains(got, "[Update Activity]") {
		t.Fatalf("endpoint step:\n%s", got)
	}
}

func TestEditRefusesBadFile(t *testing.T) {
	f := newOfflineFixture(t)
	bad := filepath.Join(f.dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nbatching: {size: 0}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := f.options()
	o.EditPath = bad
	_, err := newModel(t.Context(), o)
	var le *LoadError
	if err == nil || !errorsAs(err, &le) || !strings.Contains(err.Error(), "bad.yaml") {
		t.Fatalf("err = %v", err)
	}
}
