package flow

import (
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// lookupSources are source names (normalised) that hold a firm's own
// reference to an ID target: a matter's display number, a person's e-mail.
// Only these strong signals are suggested; a column of names (Activity:
// "Research") is left to the user, who may choose a lookup by name.
var lookupSources = map[string][]string{
	"matter.id":   {"matter_number", "matter_no", "matter_display_number", "display_number", "file_number", "matter"},
	"user.id":     {"lawyer_email", "timekeeper_email", "user_email", "attorney_email", "email", "lawyer", "timekeeper"},
	"assignee.id": {"assignee_email", "owner_email", "assigned_to_email", "owner", "assignee"},
}

// suggestLookups proposes a lookup for the ID targets still unmapped whose
// likely source holds references, not IDs: display numbers for a matter
// (lookup:matters.display_number), e-mail addresses for a user
// (lookup:users.email). Chosen sources are marked used.
func suggestLookups(unmapped []*clio.Leaf, sources map[string]nexset.Attr, used map[string]bool) []Mapping {
	var out []Mapping
	for _, leaf := range unmapped {
		for _, name := range lookupSources[leaf.Path] {
			src, ok := sources[name]
			if !ok || used[src.Path] || isObjectOnly(src) || fitsID(leaf, src) || len(src.Examples) == 0 {
				continue
			}
			conv := ""
			switch {
			case leaf.Path == "matter.id":
				conv = "lookup:matters.display_number"
			case allEmails(src.Examples):
				conv = "lookup:users.email"
			}
			if conv == "" {
				continue
			}
			used[src.Path] = true
			out = append(out, Mapping{Target: leaf.Path, Source: src.Path, Convert: conv})
			break
		}
	}
	return out
}

// allEmails reports whether every example looks like an e-mail address.
func allEmails(examples []string) bool {
	for _, ex := range examples {
		at := strings.Index(ex, "@")
		if at <= 0 || !strings.Contains(ex[at:], ".") || strings.ContainsAny(ex, " ,;") {
			return false
		}
	}
	return len(examples) > 0
}
