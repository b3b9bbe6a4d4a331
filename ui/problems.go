package ui

import (
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow"
)

// stepProblems are flow's verdicts on the destination that concern the
// fields a step edits (by field prefix). The wizard judges nothing itself.
func stepProblems(env *stepEnv, prefixes ...string) flow.Problems {
	var out flow.Problems
	for _, p := range flow.Validate(env.d, env.recs) {
		for _, pre := range prefixes {
			if strings.HasPrefix(p.Field, pre) {
				out = append(out, named(env.d, p))
				break
			}
		}
	}
	return out
}

// maxWarnings is how many warnings a step lists before counting the rest:
// a warning about a value repeats for every sample record that has one
// (an ambiguous date on each of 20 rows), and a screenful of them hid the
// Save step's own questions.
const maxWarnings = 3

// maxErrors is how many problems a step lists before counting the rest, so
// a list of refused records cannot push the step's own fields and keys off
// a small terminal.
const maxErrors = 6

// renderProblems lists errors, then warnings, each message once; warnings
// beyond maxWarnings are counted on one line.
func renderProblems(st *styles, ps flow.Problems) string {
	var b strings.Builder
	seen := map[string]bool{}
	warnings, errs := 0, 0
	for _, p := range ps {
		if seen[p.Message] {
			continue
		}
		seen[p.Message] = true
		if !p.Warning {
			if errs++; errs <= maxErrors {
				b.WriteString(st.err.Render("✗ "+clean(p.Message, false)) + "\n")
			}
			continue
		}
		if warnings++; warnings <= maxWarnings {
			b.WriteString(st.warn.Render("! "+clean(p.Message, false)) + "\n")
		}
	}
	if more := errs - maxErrors; more > 0 {
		b.WriteString(st.err.Render("✗ and "+strconv.Itoa(more)+" more problem(s) (cliodest validate lists them all once saved)") + "\n")
	}
	if more := warnings - maxWarnings; more > 0 {
		b.WriteString(st.warn.Render("! and "+strconv.Itoa(more)+" more warning(s)") + "\n")
	}
	return b.String()
}

// allProblems are all of flow's verdicts, named as in stepProblems, made
// with the values looked up so far (as the side pane's samples are).
func allProblems(env *stepEnv) flow.Problems {
	ps := flow.ValidateWith(env.d, env.recs, env.withKnownLookups)
	for i := range ps {
		ps[i] = named(env.d, ps[i])
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
	// A record that builds no request says which, as the file's field does
	// ("record 2 (line 3)"); Clio's refusals stay one line for all records.
	if strings.HasPrefix(p.Field, "record ") && !p.Warning && !strings.HasPrefix(p.Message, "Clio would refuse it") {
		p.Message = p.Field + ": " + p.Message
	}
	return p
}
