package home

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/cliodest/cliodest/ui"
)

// TestStylesFollowTheBackground: the home starts with the dark styles,
// follows the terminal's answer about its background, and with NO_COLOR
// still draws no colour at all.
func TestStylesFollowTheBackground(t *testing.T) {
	dark, light := newStyles(true), newStyles(false)
	if dark.title.GetForeground() == light.title.GetForeground() || dark.dim.GetForeground() == light.dim.GetForeground() ||
		dark.selected.GetForeground() == light.selected.GetForeground() {
		t.Fatal("light and dark styles are the same")
	}
	m := newTestModel(t, folder(t), nil, 100, 30)
	if m.st.title.GetForeground() != dark.title.GetForeground() {
		t.Error("the home does not start with the dark styles")
	}
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.st.title.GetForeground() != light.title.GetForeground() || m.st.dim.GetForeground() != light.dim.GetForeground() ||
		m.st.selected.GetForeground() != light.selected.GetForeground() {
		t.Error("a light background kept the dark styles")
	}
	lightView := m.View().Content

	m.Update(tea.BackgroundColorMsg{Color: color.Black})
	if m.st.title.GetForeground() != dark.title.GetForeground() || m.st.selected.GetForeground() != dark.selected.GetForeground() {
		t.Error("a dark background kept the light styles")
	}

	// NO_COLOR: the program draws with the ASCII profile, whatever the background.
	p, ok := ui.DetectProfile(func(k string) string { return map[string]string{"NO_COLOR": "1", "TERM": "xterm-256color"}[k] })
	if !ok || p != colorprofile.ASCII {
		t.Fatalf("NO_COLOR gives profile %v (%v), want ASCII", p, ok)
	}
	var out strings.Builder
	w := &colorprofile.Writer{Forward: &out, Profile: p}
	if _, err := w.WriteString(lightView); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(lightView, "\x1b[") {
		t.Fatal("the light view has no styling to drop")
	}
	if strings.Contains(out.String(), "\x1b[3") || strings.Contains(out.String(), "\x1b[9") {
		t.Errorf("a colour survived NO_COLOR: %q", out.String())
	}
}
