package ui

import (
	"image/color"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestStylesFollowTheBackground: the styles start for a dark background
// and follow the terminal's answer about its own.
func TestStylesFollowTheBackground(t *testing.T) {
	dir := t.TempDir()
	m := newTestModel(t, Options{StartDir: dir, SavePath: filepath.Join(dir, "d.yaml")}, 100, 30)
	dark, light := newStyles(true), newStyles(false)
	if dark.focus.GetForeground() == light.focus.GetForeground() || dark.dim.GetForeground() == light.dim.GetForeground() {
		t.Fatal("light and dark styles are the same")
	}
	if m.st.focus.GetForeground() != dark.focus.GetForeground() {
		t.Error("the wizard does not start with the dark styles")
	}
	drive(t, m, func() tea.Msg { return tea.BackgroundColorMsg{Color: color.White} })
	if m.st.focus.GetForeground() != light.focus.GetForeground() || m.st.dim.GetForeground() != light.dim.GetForeground() {
		t.Error("a light background kept the dark styles")
	}
	drive(t, m, func() tea.Msg { return tea.BackgroundColorMsg{Color: color.Black} })
	if m.st.focus.GetForeground() != dark.focus.GetForeground() {
		t.Error("a dark background kept the light styles")
	}
}
