package ui

import (
	"strings"
	"testing"
)

// TestCredentialOneEnter: enter on a credential checks it and, connected,
// goes straight on to Endpoint, which says as whom; a refused credential
// stays on the step with Clio's reason.
func TestCredentialOneEnter(t *testing.T) {
	tests := []struct {
		name  string
		token func(f *fixture) string
		step  stepID
		want  string
	}{
		{"connected", func(f *fixture) string { return f.token }, stepEndpoint, "Connected as Jane Doe"},
		{"refused", func(*fixture) string { return "not-a-token" }, stepCredential, "checking"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			o := f.options()
			o.Token = tt.token(f)
			m := newTestModel(t, o, 140, 45)
			press(t, m, "ctrl+u")
			pastePath(t, m, f.nexset)
			press(t, m, "enter", "enter")
			if m.cur != stepCredential {
				t.Fatalf("step = %s", stepTitles[m.cur])
			}
			if got := screen(m); !strings.Contains(got, "enter check and continue") {
				t.Fatalf("the footer does not say what enter does:\n%s", got)
			}
			press(t, m, "enter")
			if got := screen(m); m.cur != tt.step || !strings.Contains(got, tt.want) {
				t.Fatalf("after one enter: step %s, want %s with %q:\n%s", stepTitles[m.cur], stepTitles[tt.step], tt.want, got)
			}
			if tt.step == stepCredential && m.conn.ok {
				t.Fatal("a refused credential counts as connected")
			}
		})
	}
}
