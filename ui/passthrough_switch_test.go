package ui

import (
	"strings"
	"testing"
)

// TestMappingPassthroughSwitch (issue 24, 6): on an Advanced endpoint the
// Mapping step says what passthrough adds (the unmapped attributes that
// would be sent) and p switches it; off, they leave the sample bodies.
func TestMappingPassthroughSwitch(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 140, 45)
	toAdvancedURL(t, m, f)
	typeText(t, m, "/api/v4/notes.json")
	drive(t, m, m.goTo(stepMapping))
	if m.cur != stepMapping {
		t.Fatalf("step = %s", stepTitles[m.cur])
	}
	sc := screen(m)
	if !strings.Contains(sc, "Passthrough on: also sends") || !strings.Contains(sc, "internal_notes") || !strings.Contains(paneText(m), `"internal_notes"`) {
		t.Fatalf("passthrough on:\n%s", sc)
	}
	press(t, m, "p")
	if m.d.PassthroughOn() {
		t.Fatal("p did not turn passthrough off")
	}
	sc = screen(m)
	if !strings.Contains(sc, "Passthrough off:") || !strings.Contains(sc, "not sent: ") || strings.Contains(paneText(m), `"internal_notes"`) {
		t.Fatalf("passthrough off (pane):\n%s\n%s", sc, paneText(m))
	}
	press(t, m, "p")
	if !m.d.PassthroughOn() || !strings.Contains(screen(m), "Passthrough on: also sends") {
		t.Fatalf("p did not turn it back on:\n%s", screen(m))
	}
	checkFits(t, m, 140, 45)
}
