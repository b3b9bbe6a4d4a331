package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileFor(t *testing.T) {
	tests := []struct{ path, name, want string }{
		{"destination.yaml", "Firm Time (2026)", "firm-time-2026.yaml"},
		{"/d/my-destination.yaml", "billing_export", "/d/billing-export.yaml"},
		{"destination.yaml", "Dépenses", "dépenses.yaml"},
		{"destination.yaml", "  ", "destination.yaml"},
		{"destination.yaml", "destination", "destination.yaml"},
		{"/d/x.yaml", "../../etc/passwd", "/d/etc-passwd.yaml"},
	}
	for _, tt := range tests {
		if got := fileFor(tt.path, tt.name); got != tt.want {
			t.Errorf("fileFor(%q, %q) = %q, want %q", tt.path, tt.name, got, tt.want)
		}
	}
}

// TestSaveProposesTheDestinationsName: the Save step proposes a file named
// after the destination, follows a renamed destination, and keeps what the
// user typed.
func TestSaveProposesTheDestinationsName(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter", "enter") // to Save
	p := m.steps[stepSave].(*saveStep).fm.get("path")
	if want := filepath.Join(f.dir, "entries.yaml"); p.value() != want || !strings.Contains(screen(m), "entries.yaml") {
		t.Fatalf("proposed %q, want %q:\n%s", p.value(), want, screen(m))
	}
	m.d.Name = "Firm Time"
	drive(t, m, m.goTo(stepSave))
	if want := filepath.Join(f.dir, "firm-time.yaml"); p.value() != want {
		t.Fatalf("after renaming: %q, want %q", p.value(), want)
	}
	// A file of that name is there already (not this step's proposal): the next free one.
	if err := os.WriteFile(filepath.Join(f.dir, "other.yaml"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	m.d.Name = "Other"
	drive(t, m, m.goTo(stepSave))
	if want := filepath.Join(f.dir, "other-2.yaml"); p.value() != want {
		t.Fatalf("beside an existing file: %q, want %q", p.value(), want)
	}
	m.d.Name = "Firm Time"
	drive(t, m, m.goTo(stepSave))
	typeText(t, m, "x")
	m.d.Name = "Other"
	drive(t, m, m.goTo(stepSave))
	if want := filepath.Join(f.dir, "firm-time.yamlx"); p.value() != want {
		t.Fatalf("typed path replaced: %q, want %q", p.value(), want)
	}
}
