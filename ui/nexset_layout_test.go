package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Nexset step says what reading detected when it is not comma separated
// UTF-8: here a UTF-16 tab separated export (Excel's Unicode Text).
func TestNexsetStepShowsDetectedLayout(t *testing.T) {
	f := newOfflineFixture(t)
	text := "Entry\tHours\r\n1\t1.5\r\n"
	b := []byte{0xFF, 0xFE}
	for _, r := range text {
		b = append(b, byte(r), 0)
	}
	path := filepath.Join(f.dir, "export.txt")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 100, 30)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	if sc := screen(m); !strings.Contains(sc, "Read as  delimited text, tab separated, utf-16le") || !strings.Contains(sc, "Hours") {
		t.Fatalf("no detected layout:\n%s", sc)
	}
}
