package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Nexset step offers the workbooks and tab-separated exports beside
// the others (it listed csv and JSON only), and its label names Excel.
func TestNexsetFileListOffersWorkbooks(t *testing.T) {
	f := newOfflineFixture(t)
	for _, name := range []string{"time.xlsx", "costs.tsv"} {
		if err := os.WriteFile(filepath.Join(f.dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, f.options(), 140, 45)
	got := screen(m)
	for _, want := range []string{"time.xlsx", "costs.tsv", "Excel"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Nexset step lacks %q:\n%s", want, got)
		}
	}
}
