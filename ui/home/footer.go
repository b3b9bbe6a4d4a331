package home

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// footer draws the bindings' help on as many lines as the width needs, so
// no key is cut off (the help model would end the line with …).
func (m *model) footer(bindings []key.Binding) string {
	var lines []string
	var line []key.Binding
	for _, b := range bindings {
		next := append(append([]key.Binding(nil), line...), b)
		if len(line) > 0 && ansi.StringWidth(m.help.ShortHelpView(next)) > m.width {
			lines = append(lines, m.help.ShortHelpView(line))
			line = nil
		}
		line = append(line, b)
	}
	if len(line) > 0 {
		lines = append(lines, m.help.ShortHelpView(line))
	}
	return strings.Join(lines, "\n")
}
