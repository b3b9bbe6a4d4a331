package ui

import (
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow"
)

// stepProblems are flow's verdicts on the destination that concern the
// fields a step edits (by field prefix). The wizard judges nothing itself.
func stepProblems(m *model, prefixes ...string) flow.Problems {
	var out flow.Problems
	for _, p := range flow.Validate(m.d, m.recs) {
		for _, pre := range prefixes {
			if strings.HasPrefix(p.Field, pre) {
				out = append(out, named(m.d, p))
				break
			}
		}
	}
	return out
}

func renderProblems(st *styles, ps flow.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		if p.Warning {
			b.WriteString(st.warn.Render("! "+clean(p.Message, false)) + "\n")
		} else {
			b.WriteString(st.err.Render("✗ "+clean(p.Message, false)) + "\n")
		}
	}
	return b.String()
}

// allProblems are all of flow's verdicts, named as in stepProblems.
func allProblems(m *model) flow.Problems {
	ps := flow.Validate(m.d, m.recs)
	for i := range ps {
		ps[i] = named(m.d, ps[i])
	}
	return ps
}

// named puts the subject in front of flow's message where, without the
// file's field name, the screen would not say it: which mapping (by its
// Clio attribute, since "mapping[3]" means nothing on screen) or that the
// credential is meant.
func named(d *flow.Destination, p flow.Problem) flow.Problem {
	if rest, ok := strings.CutPrefix(p.Field, "mapping["); ok {
		if n, _, ok := strings.Cut(rest, "]"); ok {
			if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(d.Mapping) && d.Mapping[i-1].Target != "" {
				p.Message = "mapping of " + d.Mapping[i-1].Target + ": " + p.Message
			}
		}
		return p
	}
	if p.Field == "credential" {
		p.Message = "credential: " + p.Message
	}
	return p
}
