package ui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// batchingStep sets record batching. Whether the endpoint takes several
// records per call is flow's rule: when flow refuses, the toggle goes back
// off and flow's explanation is shown.
type batchingStep struct {
	fm       form
	problems flow.Problems
	refused  string
	askForce string // why Clio refuses arrays here, while "on anyway?" is asked
	anyway   bool   // the user said y: batching.anyway
}

func newBatchingStep(env *stepEnv) step {
	bt := env.d.Batching
	size := bt.Size
	if size == 0 {
		size = flow.DefaultBatchSize
	}
	g := bt.Grouping
	if g == "" {
		g = flow.GroupInOrder
	}
	by := newTextField("group_by", "Group by (record attribute)", bt.GroupBy)
	win := newTextField("window", "Time window (e.g. 2s)", bt.Window)
	en := newToggleField("enabled", "Record batching", bt.Enabled)
	en.help = "space turns it on or off; off sends one request per record"
	s := &batchingStep{anyway: bt.Anyway, fm: form{fields: []*field{
		en,
		newTextField("size", "Batch Size (1-1000)", strconv.Itoa(size)),
		newChoiceField("grouping", "Grouping Algorithm", flow.Groupings(), nil, g),
		by, win,
	}}}
	s.show()
	return s
}

func (s *batchingStep) show() {
	on := s.fm.get("enabled").on
	g := s.fm.get("grouping").value()
	s.fm.get("size").hidden = !on
	s.fm.get("grouping").hidden = !on
	s.fm.get("group_by").hidden = !on || g != flow.GroupByAttribute
	s.fm.get("window").hidden = !on || g != flow.GroupTimeWindow
}

func (s *batchingStep) enter(env *stepEnv) tea.Cmd {
	attrs := make([]string, len(env.schema.Attrs))
	for i, a := range env.schema.Attrs {
		attrs[i] = a.Path
	}
	s.fm.get("group_by").input.SetSuggestions(attrs)
	s.fm.get("group_by").input.ShowSuggestions = true
	s.problems = stepProblems(env, "batching")
	return s.fm.refocus()
}

func (s *batchingStep) resize(w, _ int) { s.fm.setWidth(w) }
func (s *batchingStep) busy() bool      { return s.askForce != "" }

// batchingKeys are the Batching step's own bindings, beside its form's: the
// question asked before batching an endpoint that takes one object.
type batchingKeys struct{ anyway, keepOne key.Binding }

var batchingKeyMap = batchingKeys{
	anyway:  bind("y Y", "y", "batch anyway"),
	keepOne: bind("n", anyOtherKey, "keep one record per request"),
}

func (s *batchingStep) keys(*stepEnv) []key.Binding {
	if s.askForce != "" {
		return []key.Binding{batchingKeyMap.anyway, batchingKeyMap.keepOne}
	}
	return s.fm.footer("next")
}

func (s *batchingStep) apply(env *stepEnv) {
	size, _ := strconv.Atoi(s.fm.get("size").value())
	env.d.Batching = flow.Batching{Enabled: s.fm.get("enabled").on, Size: size, Grouping: s.fm.get("grouping").value(),
		GroupBy: s.fm.get("group_by").value(), Window: s.fm.get("window").value(), Anyway: s.anyway}
	if !env.d.Batching.Enabled {
		s.anyway = false
		env.d.Batching = flow.Batching{Size: size, Grouping: env.d.Batching.Grouping}
	}
	env.dirty = true
	s.problems = stepProblems(env, "batching")
}

func (s *batchingStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && s.askForce != "" {
		s.askForce = ""
		if key.Matches(k, batchingKeyMap.anyway) {
			s.anyway = true
			s.fm.get("enabled").on = true
			s.apply(env)
			s.show()
		}
		return nil
	}
	res, cmd := s.fm.update(msg)
	switch res {
	case formChanged:
		wasOn := env.d.Batching.Enabled
		s.apply(env)
		s.refused = ""
		if !wasOn && env.d.Batching.Enabled {
			if why := oneObject(s.problems); why != "" {
				// Clio's description says one object per call: every batch
				// would be refused, so on takes an explicit yes.
				s.askForce = why
				s.fm.get("enabled").on = false
				s.apply(env)
			} else if ps := s.problems.Errors(); len(ps) > 0 && ps[0].Field == "batching.enabled" {
				s.refused = ps[0].Message
				s.fm.get("enabled").on = false
				s.apply(env)
			}
		}
		s.show()
	case formSubmit:
		s.apply(env)
		return submit(env, s.problems, cmd)
	}
	return cmd
}

func (s *batchingStep) view(env *stepEnv, width int) string {
	var b strings.Builder
	b.WriteString(s.fm.view(&env.st))
	if s.refused != "" {
		b.WriteString("\n" + env.st.warn.Render("Batching refused: "+clean(s.refused, false)) + "\n")
	}
	if s.askForce != "" {
		b.WriteString("\n" + env.st.warn.Render(hangIndent(clean(s.askForce, false), width, "")) + "\n")
		b.WriteString(env.st.warn.Render(hangIndent("Batch anyway, for a Clio-compatible proxy that accepts arrays? (y/N)", width, "")) + "\n")
	}
	if len(s.problems) > 0 {
		b.WriteString("\n" + renderProblems(&env.st, s.problems))
	}
	return b.String()
}

// oneObject is flow's refusal because the catalogue takes one object per
// call on this endpoint (y forces it); "" when it does not say so.
func oneObject(ps flow.Problems) string {
	for _, p := range ps.Errors() {
		if p.Field == flow.OneObjectField {
			return p.Message
		}
	}
	return ""
}
