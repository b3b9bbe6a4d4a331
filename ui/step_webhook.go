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

func newWebhookStep(env *stepEnv) step {
	w := env.d.ResponseWebhook
	file := w.File
	if file != "" && !filepath.IsAbs(file) && env.d.Dir != "" {
		file = filepath.Join(env.d.Dir, file)
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

func (s *webhookStep) enter(env *stepEnv) tea.Cmd {
	s.problems = stepProblems(env, "response_webhook")
	return s.fm.refocus()
}
func (s *webhookStep) resize(w, _ int) { s.fm.setWidth(w) }
func (s *webhookStep) busy() bool      { return false }
func (s *webhookStep) keys(*stepEnv) []key.Binding {
	return s.fm.footer("next")
}

func (s *webhookStep) apply(env *stepEnv) {
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
	env.d.ResponseWebhook = w
	env.dirty = true
	s.problems = stepProblems(env, "response_webhook")
}

func (s *webhookStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	return updateForm(env, &s.fm, s, &s.problems, msg)
}

func (s *webhookStep) view(env *stepEnv, _ int) string {
	return formView(env, &s.fm, s.problems)
}
