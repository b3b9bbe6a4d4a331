// Package termtext owns how text that cliodest did not write — a Nexset's
// values, keys, attribute names and file names, a server's user names,
// messages and headers — is made safe to show on a terminal. It is the one
// sanitiser: ui draws through Line and Block, and the commands' human output
// passes through Writer, so no escape sequence (clear screen, retitle, OSC 52
// clipboard write, OSC 8 link), BEL or C1 control from such text reaches the
// screen. JSON output does not go through it: scripts get the exact strings,
// which the JSON encoding itself escapes.
package termtext

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Replacement stands for a control character that was removed.
const Replacement = '\uFFFD'

// Line makes s safe to draw on one line: escape sequences are removed and
// every other control character (newlines too) becomes Replacement; a tab
// becomes two spaces.
func Line(s string) string { return clean(s, false, false) }

// Block is Line for text of several lines: newlines are kept.
func Block(s string) string { return clean(s, true, false) }

// stream is Block keeping tabs as they are, for output streams: a tab moves
// the cursor harmlessly, and a script reading the output may split on it.
func stream(s string) string { return clean(s, true, true) }

func clean(s string, multiline, keepTabs bool) string {
	if !hasControl(s) {
		return s
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' && multiline, r == '\t' && keepTabs:
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("  ")
		case IsControl(r):
			b.WriteRune(Replacement)
		default:
			b.WriteRune(r) // an invalid byte arrives as utf8.RuneError, itself safe
		}
	}
	return b.String()
}

// IsControl reports whether r is a C0 or C1 control character or DEL.
func IsControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// hasControl reports whether s holds a control character or a byte that is
// not UTF-8 (which a terminal may read as a C1 control).
func hasControl(s string) bool {
	for _, r := range s {
		if IsControl(r) || r == utf8.RuneError {
			return true
		}
	}
	return false
}
