package ui

import "charm.land/lipgloss/v2"

// styles are the wizard's looks, for a dark terminal background until the
// terminal says it is light (tea.BackgroundColorMsg). With the ASCII
// profile (NO_COLOR, dumb terminals, tests) Bubble Tea drops the colours
// and the layout stays.
type styles struct {
	title, stepOn, stepOff, stepDone   lipgloss.Style
	label, focus, dim, err, warn, ok   lipgloss.Style
	pane, paneTitle, banner            lipgloss.Style
	jsonKey, jsonStr, jsonNum, jsonLit lipgloss.Style
}

func newStyles(dark bool) styles {
	pal := NewPalette(dark)
	accent, gray := pal.Accent, pal.Gray
	return styles{
		title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		stepOn:    lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true),
		stepOff:   lipgloss.NewStyle().Foreground(gray),
		stepDone:  lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		label:     lipgloss.NewStyle().Bold(true),
		focus:     lipgloss.NewStyle().Foreground(accent).Bold(true),
		dim:       lipgloss.NewStyle().Foreground(gray),
		err:       lipgloss.NewStyle().Foreground(lipgloss.Color("1")),
		warn:      lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		ok:        lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		pane:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(gray).Padding(0, 1),
		paneTitle: lipgloss.NewStyle().Bold(true),
		banner:    lipgloss.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("3")).Padding(0, 1),
		jsonKey:   lipgloss.NewStyle().Foreground(lipgloss.Color("4")),
		jsonStr:   lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		jsonNum:   lipgloss.NewStyle().Foreground(lipgloss.Color("5")),
		jsonLit:   lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
	}
}
