package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// clean makes text from a Nexset or from Clio safe to draw: escape sequences
// are removed (a record must not retitle the terminal or clear the screen)
// and other control characters become visible placeholders. Newlines and
// tabs survive when multiline is true.
func clean(s string, multiline bool) string {
	s = ansi.Strip(s)
	if !hasControl(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && multiline:
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("  ")
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteRune('�')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return true
		}
	}
	return false
}
