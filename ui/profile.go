package ui

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// DetectProfile decides the colour profile from the user's wishes that
// Bubble Tea's own detection reads too strictly: NO_COLOR counts when set to
// any non-empty value (Lip Gloss parses it as a boolean), and a dumb
// terminal gets plain ASCII. ok is false when Bubble Tea may decide.
func DetectProfile(env func(string) string) (colorprofile.Profile, bool) {
	if strings.TrimSpace(env("NO_COLOR")) != "" {
		return colorprofile.ASCII, true
	}
	if t := env("TERM"); t == "dumb" {
		return colorprofile.ASCII, true
	}
	return 0, false
}
