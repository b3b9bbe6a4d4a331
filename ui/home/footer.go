package home

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// footer draws the bindings' help on as many lines as the width needs, so
// no key is cut off (the help model would end the line with …). It is
// drawn once per width and key list: the live view redraws often.
func (m *model) footer(bindings []key.Binding) string {
	k := footerKey{width: m.width, first: bindings[0].Help().Key, n: len(bindings)}
	if f, ok := m.footers[k]; ok {
		return f
	}
	f := m.wrapHelp(bindings)
	if m.footers == nil {
		m.footers = map[footerKey]string{}
	}
	m.footers[k] = f
	return f
}

// footerKey tells the footers apart: each screen's key list starts with
// its own binding.
type footerKey struct {
	width int
	first string
	n     int
}

func (m *model) wrapHelp(bindings []key.Binding) string {
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
