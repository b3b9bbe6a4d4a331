package ui

import (
	"strings"
	"testing"
)

// A label or list entry too long for the body column wraps under itself,
// not back at the left edge where it reads as a line of its own.
func TestLongLabelsWrapUnderThemselves(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 100, 30)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter")
	checkNoLineStarts(t, m, "record)")
}

func checkNoLineStarts(t *testing.T, m *model, word string) {
	t.Helper()
	s := screen(m)
	if !strings.Contains(s, word) {
		t.Fatalf("%q not on screen:\n%s", word, s)
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, word) {
			t.Fatalf("%q runs back to the left edge:\n%s", word, s)
		}
	}
}
