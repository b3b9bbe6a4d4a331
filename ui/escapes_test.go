package ui

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestNoEscapeReachesAnyWizardScreen walks the wizard over a Nexset whose
// values and attribute names carry escape sequences, connected to a server
// whose user name does too, and finds none of them in any frame (the
// frame's own styling is the only escape left).
func TestNoEscapeReachesAnyWizardScreen(t *testing.T) {
	payloads := []string{"\x1b]52;c;cm0=\a", "\x1b]8;;https://evil.example\x1b\\", "\x1b[2J", "\u009b31m", "\u0085"}
	evil := strings.Join(payloads, "")
	f := newFixtureWith(t, sandbox.Config{RateLimit: -1, UserName: "Jane " + evil})
	var b strings.Builder
	for i, p := range payloads {
		rec := map[string]any{"entry_id": "TE" + p, "work_date": "2024-03-04", "hours": 1.5, "matter_id": 3001,
			"narrative": "text " + p, "odd" + p: i}
		line, _ := json.Marshal(rec)
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(f.nexset, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	check := func() {
		t.Helper()
		raw := m.View().Content
		for _, p := range payloads {
			if strings.Contains(raw, p[:min(len(p), 4)]) {
				t.Fatalf("step %s: %q reached the frame", stepTitles[m.cur], p)
			}
		}
		if strings.ContainsRune(raw, '\a') || strings.ContainsRune(raw, '\u009b') || strings.ContainsRune(raw, '\u0085') {
			t.Fatalf("step %s: a BEL or C1 control reached the frame", stepTitles[m.cur])
		}
	}
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	check()
	seen := map[stepID]bool{}
	for range 12 {
		seen[m.cur] = true
		check()
		press(t, m, "enter")
	}
	check()
	if !seen[stepMapping] {
		t.Errorf("the walk did not reach the mapping step (last %s)", stepTitles[m.cur])
	}
	if !seen[stepEndpoint] {
		t.Error("the walk did not connect")
	}
}
