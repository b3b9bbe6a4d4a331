package home

import "charm.land/lipgloss/v2"

// styles are the home's looks. With the ASCII profile (NO_COLOR, dumb
// terminals, tests) the colours drop and the layout stays.
type styles struct {
	title, dim, err, warn, ok, banner lipgloss.Style
	header, cell, selected            lipgloss.Style
}

func newStyles() styles {
	accent := lipgloss.Color("#7D56F4")
	return styles{
		title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		dim:      lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		err:      lipgloss.NewStyle().Foreground(lipgloss.Color("1")),
		warn:     lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		ok:       lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		banner:   lipgloss.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("3")).Padding(0, 1),
		header:   lipgloss.NewStyle().Bold(true).PaddingRight(1),
		cell:     lipgloss.NewStyle().PaddingRight(1),
		selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
	}
}
