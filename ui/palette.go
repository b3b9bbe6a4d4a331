package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the colours the wizard and the home share, picked for the
// terminal's background: a darker accent and gray on a light one.
type Palette struct {
	Accent, Gray color.Color
}

// NewPalette is the palette for a dark (or, false, light) background.
func NewPalette(dark bool) Palette {
	pick := lipgloss.LightDark(dark)
	return Palette{
		Accent: pick(lipgloss.Color("#5A3FC0"), lipgloss.Color("#7D56F4")),
		Gray:   pick(lipgloss.Color("240"), lipgloss.Color("8")),
	}
}
