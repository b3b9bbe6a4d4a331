package flow

import (
	"maps"
	"slices"

	"github.com/cliodest/cliodest/flow/nexset"
)

// PassthroughAdds lists the attributes passthrough puts in the bodies of
// recs beyond what the mapping fills (dotted body paths, sorted): what
// turning it on sends, or what turning it off leaves out. Records that
// build no request add nothing.
func PassthroughAdds(d *Destination, recs []nexset.Record) ([]string, error) {
	paths := func(pass bool) (map[string]bool, error) {
		c := *d
		c.Passthrough = &pass
		p, err := c.Plan()
		if err != nil {
			return nil, err
		}
		out := map[string]bool{}
		for _, r := range recs {
			if it, fail := p.Prepare(r); fail == nil {
				addLeafPaths(out, "", it.Data)
			}
		}
		return out, nil
	}
	on, err := paths(true)
	if err != nil {
		return nil, err
	}
	off, err := paths(false)
	if err != nil {
		return nil, err
	}
	var adds []string
	for _, k := range slices.Sorted(maps.Keys(on)) {
		if !off[k] {
			adds = append(adds, k)
		}
	}
	return adds, nil
}

// addLeafPaths puts the dotted path of every leaf of v under prefix in out
// (an object's attributes; an array or a value is one leaf).
func addLeafPaths(out map[string]bool, prefix string, v any) {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		if prefix != "" {
			out[prefix] = true
		}
		return
	}
	for k, sub := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		addLeafPaths(out, p, sub)
	}
}
