package sandbox

import (
	"strconv"
	"strings"
)

const (
	// DefaultVersion is the API version used when X-API-VERSION is absent, as Clio's default.
	DefaultVersion = "4.0.9"
	// NewestVersion is the newest minor version the changelog knows.
	NewestVersion = "4.0.13"
	newestMinor   = 13
	// secondsMinor is the first version whose activity quantity is in seconds rather than hours.
	secondsMinor = 4
)

// parseVersion accepts "4.0.N" for the known minors; anything else is Clio's 410 Gone.
func parseVersion(h string) (minor int, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 9, true
	}
	rest, found := strings.CutPrefix(h, "4.0.")
	if !found || rest == "" || (len(rest) > 1 && rest[0] == '0') {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 || n > newestMinor {
		return 0, false
	}
	return n, true
}
