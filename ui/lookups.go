package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// lookups looks up, in the background and with the checked credential, the
// values the first records' mapping looks up (issue 9), so the side pane
// shows the IDs Clio answers and the Mapping step how many records resolve,
// without a keystroke ever waiting on Clio. Each distinct value is asked
// once per credential (the resolver remembers it).
type lookups struct {
	res   *lookup.Resolver
	known map[string]lookupAnswer
	asked map[string]bool
	gen   int // bumps when the credential changes; older answers are dropped
}

type lookupAnswer struct {
	match lookup.Match
	err   error
}

type lookupsMsg struct {
	gen     int
	answers map[string]lookupAnswer
}

func lookupKey(s lookup.Spec, v any) string {
	t, _ := lookup.Text(v)
	return s.String() + "\x00" + t
}

// resetLookups starts over with the connection now checked (or none).
func (env *stepEnv) resetLookups() {
	env.lk = lookups{gen: env.lk.gen + 1, known: map[string]lookupAnswer{}, asked: map[string]bool{}}
	if env.conn.ok {
		env.lk.res = lookup.NewResolver(lookup.Options{Client: env.conn.client, Attempts: 1})
	}
}

// lookupCmd asks Clio for the values not asked yet, one command per record
// so the first samples' answers come first; nil when there is nothing to ask.
func (env *stepEnv) lookupCmd() tea.Cmd {
	if env.lk.res == nil || !env.d.HasLookups() && env.d.FindBy == nil {
		return nil
	}
	var cmds []tea.Cmd
	for _, r := range env.recs {
		var todo []flow.LookupValue
		vals := env.d.LookupValues(r)
		if s, v, ok := env.d.FindValue(r); ok { // what find_by finds it by, for the samples
			vals = append(vals, flow.LookupValue{Target: "find_by", Spec: s, Value: v})
		}
		for _, lv := range vals {
			if k := lookupKey(lv.Spec, lv.Value); !env.lk.asked[k] {
				env.lk.asked[k] = true
				todo = append(todo, lv)
			}
		}
		if len(todo) == 0 {
			continue
		}
		res, ctx, gen := env.lk.res, env.ctx, env.lk.gen
		cmds = append(cmds, func() tea.Msg {
			out := make(map[string]lookupAnswer, len(todo))
			for _, lv := range todo {
				match, err := res.Resolve(ctx, lv.Spec, lv.Value)
				out[lookupKey(lv.Spec, lv.Value)] = lookupAnswer{match, err}
			}
			return lookupsMsg{gen: gen, answers: out}
		})
	}
	return tea.Batch(cmds...)
}

// takeLookups keeps the answers of the current credential.
func (env *stepEnv) takeLookups(msg lookupsMsg) {
	if msg.gen != env.lk.gen {
		return
	}
	for k, a := range msg.answers {
		env.lk.known[k] = a
	}
}

// knownLookup answers the planner from what was looked up so far.
func (env *stepEnv) knownLookup(s lookup.Spec, v any) (lookup.Match, error, bool) {
	a, ok := env.lk.known[lookupKey(s, v)]
	return a.match, a.err, ok
}

// withKnownLookups gives a planner the values looked up so far, once the
// credential is checked; a value not answered yet stays "looked up when
// sent".
func (env *stepEnv) withKnownLookups(p *flow.Planner) *flow.Planner {
	if env.lk.res == nil {
		return p
	}
	return p.WithKnownLookups(env.knownLookup)
}

// lookupLines say, for one record, what each of its looked-up values
// found: "matter: 00042-Whitfield → 3001".
func (env *stepEnv) lookupLines(rec nexset.Record) []string {
	pending := "looking up…"
	if env.lk.res == nil {
		pending = flow.LookedUpWhenSent
	}
	return env.d.LookupsShown(rec, env.knownLookup, pending)
}

// lookupSummary says how many of the first records resolve every value
// they look up, naming those that do not: the Mapping step's line.
func (env *stepEnv) lookupSummary() (line string, bad []string) {
	if !env.d.HasLookups() || len(env.recs) == 0 {
		return "", nil
	}
	if env.lk.res == nil {
		return "Look-ups: made with the credential (step 2); until then the samples say \"" + flow.LookedUpWhenSent + "\"", nil
	}
	c := env.d.CountLookups(env.recs, env.knownLookup)
	return c.String(), c.Failed
}
