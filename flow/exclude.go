package flow

import (
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// ParseExclude splits "a,b.c" into paths, trimming spaces and dropping empties.
func ParseExclude(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ExclusionEffects says what excluding path takes out of the requests: each
// mapping that reads it ("Rate is mapped to price: price will not be sent").
// Empty when nothing mapped depends on it.
func ExclusionEffects(d *Destination, path string) []string {
	var out []string
	for _, m := range d.Mapping {
		if !m.Const && Excluded([]string{path}, m.Source) {
			out = append(out, fmt.Sprintf("%s is mapped to %s: %s will not be sent", m.Source, m.Target, m.Target))
		}
	}
	return out
}

// Excluded reports whether path is one of the excluded paths or lies below
// one ("matter" excludes "matter.id").
func Excluded(exclude []string, path string) bool {
	for _, x := range exclude {
		if path == x || strings.HasPrefix(path, x+".") {
			return true
		}
	}
	return false
}

// stripExcluded returns a deep copy of fields without the excluded paths; the
// caller's record is never modified.
func stripExcluded(fields map[string]any, exclude []string) map[string]any {
	out := deepCopy(fields)
	for _, x := range exclude {
		nexset.Delete(out, x)
	}
	return out
}

func deepCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopy(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = deepCopyValue(e)
		}
		return c
	}
	return v
}

// stripJSONExcluded removes excluded paths from a decoded JSON document in
// place: from the object itself, from its "data" envelope, and from each
// element of an array in either place.
func stripJSONExcluded(v any, exclude []string) {
	switch x := v.(type) {
	case map[string]any:
		for _, p := range exclude {
			nexset.Delete(x, p)
		}
		if d, ok := x["data"]; ok {
			stripJSONExcluded(d, exclude)
		}
	case []any:
		for _, e := range x {
			stripJSONExcluded(e, exclude)
		}
	}
}
