package flow

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// MachineZone is this machine's IANA time zone name (TZ, /etc/timezone or
// the /etc/localtime link), or "" when it cannot be told (Windows names its
// zones otherwise). It is a suggestion for a destination's timezone, which
// is the firm's, not necessarily the machine's.
func MachineZone() string {
	candidates := []string{strings.TrimPrefix(os.Getenv("TZ"), ":")}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(b)))
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, after, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			candidates = append(candidates, after)
		}
	}
	for _, c := range candidates {
		if c == "" || strings.EqualFold(c, "local") || strings.HasPrefix(c, "/") {
			continue
		}
		if _, err := time.LoadLocation(c); err == nil {
			return c
		}
	}
	return ""
}

// zoneHint names a zone to suggest in a message.
func zoneHint() string {
	if z := MachineZone(); z != "" && z != "UTC" && z != "Etc/UTC" {
		return z + " (this machine's zone) or the firm's"
	}
	return "the firm's, e.g. America/Vancouver"
}
