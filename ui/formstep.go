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
