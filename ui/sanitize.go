package ui

import "github.com/cliodest/cliodest/internal/termtext"

// clean makes text from a Nexset or from Clio safe to draw (see termtext):
// escape sequences are removed and other control characters become visible
// placeholders. Newlines survive when multiline is true.
func clean(s string, multiline bool) string {
	if multiline {
		return termtext.Block(s)
	}
	return termtext.Line(s)
}
