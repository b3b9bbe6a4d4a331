package accessible

import (
	"context"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// The look-ups of accessible mode (issue 9): made with the checked
// credential as the questions need them, each distinct value once; a line
// answer can wait for Clio, unlike a full-screen keystroke.

// resolver is the journey's resolver, made once the credential is checked.
func (j *journey) resolver() *lookup.Resolver {
	if j.lookups == nil && j.conn.Client != nil {
		j.lookups = lookup.NewResolver(lookup.Options{Client: j.conn.Client, Attempts: 1})
	}
	return j.lookups
}

// known answers look-ups by asking Clio now; without a credential nothing
// is known.
func (j *journey) known(ctx context.Context) flow.KnownLookup {
	return func(s lookup.Spec, v any) (lookup.Match, error, bool) {
		r := j.resolver()
		if r == nil {
			return lookup.Match{}, nil, false
		}
		m, err := r.Resolve(ctx, s, v)
		return m, err, true
	}
}

// maxLookupFailures is how many records that do not resolve are named.
const maxLookupFailures = 5

// lookupReport says, after the mapping, how many of the records read
// resolve their look-ups, naming those that do not.
func (j *journey) lookupReport(ctx context.Context) {
	if !j.d.HasLookups() || j.resolver() == nil {
		return
	}
	c := j.d.CountLookups(j.recs, j.known(ctx))
	j.p.say("%s.", c)
	for i, f := range c.Failed {
		if i == maxLookupFailures {
			j.p.say("  … and %d more that do not resolve", len(c.Failed)-i)
			break
		}
		j.p.say("  Does not resolve: %s", f)
	}
}

// lookupLines say what a sample record's look-ups found.
func (j *journey) lookupLines(ctx context.Context, rec nexset.Record) []string {
	return j.d.LookupsShown(rec, j.known(ctx), flow.LookedUpWhenSent)
}

// verdict is flow's judgement of recs, with the values looked up as the
// samples show them: a value found is not "looked up when sent".
func (j *journey) verdict(ctx context.Context, recs []nexset.Record) flow.Problems {
	return flow.ValidateWith(j.d, recs, func(p *flow.Planner) *flow.Planner {
		if !j.d.HasLookups() || j.resolver() == nil {
			return p
		}
		return p.WithSampleLookups(ctx, j.resolver())
	})
}
