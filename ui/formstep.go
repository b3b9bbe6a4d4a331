package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// submit is what enter on a form step's last field does: the step stays
// while flow finds errors in what it edits, else the wizard moves on.
func submit(m *model, ps flow.Problems, cmd tea.Cmd) tea.Cmd {
	if len(ps.Errors()) > 0 {
		return cmd
	}
	return tea.Batch(cmd, m.next())
}

// formView draws a form step: its fields, then flow's problems with them.
func formView(m *model, fm *form, ps flow.Problems) string {
	out := fm.view(&m.st)
	if len(ps) > 0 {
		out += "\n" + renderProblems(&m.st, ps)
	}
	return out
}

// shownApplied is a form step whose fields show or hide by what is chosen
// (show) and which writes the form into the destination (apply).
type shownApplied interface {
	show()
	apply(m *model)
}

// updateForm drives such a step: a change is shown and applied at once, so
// the sample pane follows every keystroke; enter applies and submits.
// problems is read after apply, which recomputes it.
func updateForm(m *model, fm *form, s shownApplied, problems *flow.Problems, msg tea.Msg) tea.Cmd {
	res, cmd := fm.update(msg)
	switch res {
	case formChanged:
		s.show()
		s.apply(m)
	case formSubmit:
		s.apply(m)
		return submit(m, *problems, cmd)
	}
	return cmd
}
