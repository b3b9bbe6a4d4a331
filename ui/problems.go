package ui

import (
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
				out = append(out, p)
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
