package home

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"

	"github.com/cliodest/cliodest/ui"
)

// styles are the home's looks, for a dark terminal background until the
// terminal says it is light (tea.BackgroundColorMsg), in the wizard's
// palette. With the ASCII profile (NO_COLOR, dumb terminals, tests) the
// colours drop and the layout stays.
type styles struct {
	title, dim, err, warn, ok, banner lipgloss.Style
	header, cell, selected            lipgloss.Style
}

func newStyles(dark bool) styles {
	pal := ui.NewPalette(dark)
	return styles{
		title:    lipgloss.NewStyle().Bold(true).Foreground(pal.Accent),
		dim:      lipgloss.NewStyle().Foreground(pal.Gray),
		err:      lipgloss.NewStyle().Foreground(lipgloss.Color("1")),
		warn:     lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
		ok:       lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		banner:   lipgloss.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("3")).Padding(0, 1),
		header:   lipgloss.NewStyle().Bold(true).PaddingRight(1),
		cell:     lipgloss.NewStyle().PaddingRight(1),
		selected: lipgloss.NewStyle().Bold(true).Foreground(pal.Accent),
	}
}

// setBackground restyles the home for the terminal's background.
func (m *model) setBackground(dark bool) {
	m.st, m.help.Styles = newStyles(dark), help.DefaultStyles(dark)
	m.table.SetStyles(table.Styles{Header: m.st.header, Cell: m.st.cell, Selected: m.st.selected})
}
