package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// submit is what enter on a form step's last field does: the step stays
// while flow finds errors in what it edits, else the wizard moves on.
func submit(env *stepEnv, ps flow.Problems, cmd tea.Cmd) tea.Cmd {
	if len(ps.Errors()) > 0 {
		return cmd
	}
	return tea.Batch(cmd, env.next())
}

// formView draws a form step: its fields, then flow's problems with them.
func formView(env *stepEnv, fm *form, ps flow.Problems) string {
	out := fm.view(&env.st)
	if len(ps) > 0 {
		out += "\n" + renderProblems(&env.st, ps)
	}
	return out
}

// shownApplied is a form step whose fields show or hide by what is chosen
// (show) and which writes the form into the destination (apply).
type shownApplied interface {
	show()
	apply(env *stepEnv)
}

// updateForm drives such a step: a change is shown and applied at once, so
// the sample pane follows every keystroke; enter applies and submits.
// problems is read after apply, which recomputes it.
func updateForm(env *stepEnv, fm *form, s shownApplied, problems *flow.Problems, msg tea.Msg) tea.Cmd {
	res, cmd := fm.update(msg)
	switch res {
	case formChanged:
		s.show()
		s.apply(env)
	case formSubmit:
		s.apply(env)
		return submit(env, *problems, cmd)
	}
	return cmd
}
