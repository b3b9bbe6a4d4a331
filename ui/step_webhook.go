package ui

import (
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// webhookStep sets where Clio's response to each call goes: a URL and/or
// a JSON Lines file.
type webhookStep struct {
	fm       form
	problems flow.Problems
}

func newWebhookStep(m *model) step {
	w := m.d.ResponseWebhook
	file := w.File
	if file != "" && !filepath.IsAbs(file) && m.d.Dir != "" {
		file = filepath.Join(m.d.Dir, file)
	}
	en := newToggleField("enabled", "Response webhook", w.Enabled)
	en.help = "space turns it on: Clio's answers go to a URL and/or a file"
	s := &webhookStep{fm: form{fields: []*field{
		en,
		newTextField("url", "Webhook URL (receives a POST per call)", w.URL),
		newTextField("file", "Response file (JSON Lines, appended)", file),
	}}}
	s.show()
	return s
}

func (s *webhookStep) show() {
	on := s.fm.get("enabled").on
	s.fm.get("url").hidden = !on
	s.fm.get("file").hidden = !on
}

func (s *webhookStep) enter(m *model) tea.Cmd {
	s.problems = stepProblems(m, "response_webhook")
	return s.fm.refocus()
}
func (s *webhookStep) resize(_ *model, w, _ int) { s.fm.setWidth(w) }
func (s *webhookStep) busy(*model) bool          { return false }
func (s *webhookStep) keys(*model) []key.Binding {
	return s.fm.footer(bind("enter", "enter", "next"), bind("up down", "↑/↓", "field"))
}

func (s *webhookStep) apply(m *model) {
	on := s.fm.get("enabled").on
	w := flow.WebhookCfg{Enabled: on}
	if on {
		w.URL = s.fm.get("url").value()
		if f := s.fm.get("file").value(); f != "" {
			if abs, err := filepath.Abs(f); err == nil {
				f = abs
			}
			w.File = f
		}
	}
	m.d.ResponseWebhook = w
	m.dirty = true
	s.problems = stepProblems(m, "response_webhook")
}

func (s *webhookStep) update(m *model, msg tea.Msg) tea.Cmd {
	return updateForm(m, &s.fm, s, &s.problems, msg)
}

func (s *webhookStep) view(m *model, _ int) string {
	return formView(m, &s.fm, s.problems)
}
