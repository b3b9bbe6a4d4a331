package flow

import "strings"

// Attribute names that say opposite things (Billable? and non_billable,
// Active and inactive) hold opposite booleans: mapping one to the other
// plainly sends every value the wrong way round. opposite tells, so the
// suggestion can use boolean:not and a plain mapping can be warned about.

// antonyms are negative words that do not start with a negating prefix.
var antonyms = map[string]string{
	"inactive": "active", "disabled": "enabled", "unbillable": "billable", "incomplete": "complete",
	"unpaid": "paid", "hidden": "visible", "closed": "open", "excluded": "included", "private": "public",
}

// polarity reduces a normalised name to its positive word and whether the
// name negates it: "non_billable" → billable, true; "is_active" → active, false.
func polarity(n string) (word string, negative bool) {
	n = strings.TrimPrefix(n, "is_")
	for _, p := range []string{"non_", "not_", "no_", "non"} {
		if rest, ok := strings.CutPrefix(n, p); ok && rest != "" {
			w, neg := polarity(rest)
			return w, !neg
		}
	}
	if w, ok := antonyms[n]; ok {
		return w, true
	}
	return n, false
}

// opposite reports whether the names a and b (any spelling: "Billable?",
// "non_billable", "Inactive") name the same thing with opposite meaning.
func opposite(a, b string) bool {
	wa, na := polarity(Normalise(a))
	wb, nb := polarity(Normalise(b))
	return wa != "" && wa == wb && na != nb
}
