package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/sync"
)

// endpointStep chooses a template (with the object's ID for updates) or an
// Advanced endpoint: method, content format, URL, headers, wrapping.
type endpointStep struct {
	fm       form
	problems flow.Problems
	// removeConfirmed: y confirmed on_remove delete (or the file had it)
	removeConfirmed bool
}

func newEndpointStep(env *stepEnv) step {
	e := env.d.Endpoint
	kind := "template"
	if e.Template == "" && e.URL != "" {
		kind = "advanced"
	}
	var names, titles []string
	for _, t := range flow.Templates() {
		names, titles = append(names, t.Name), append(titles, t.Title)
	}
	tmpl := e.Template
	if tmpl == "" {
		tmpl = flow.CreateActivity
	}
	id := newTextField("id", "Object ID: a number or {record.attribute}", e.ID)
	id.help = "tab completes a record attribute; ctrl+n shows the next match"
	u := newTextField("url", "URL (a Clio v4 path; {record.attr} macros allowed)", e.URL)
	u.help = "tab completes from Clio's endpoint catalogue; ctrl+n shows the next match"
	paths := clio.Paths()
	sugg := make([]string, len(paths))
	for i, p := range paths {
		sugg[i] = "/api/v4" + p
	}
	u.input.SetSuggestions(sugg)
	u.input.ShowSuggestions = true
	method := e.Method
	if method == "" {
		method = "POST"
	}
	cf := e.ContentFormat
	if cf == "" {
		cf = flow.FormatJSON
	}
	h := newTextField("headers", "Extra request headers (Name:value,Name2:value2)", e.Headers)
	s := &endpointStep{fm: form{fields: []*field{
		newChoiceField("kind", "Endpoint", []string{"template", "advanced"}, []string{"Template", "Advanced"}, kind),
		newChoiceField("template", "Template", names, titles, tmpl),
		id,
		newChoiceField("method", "Method", flow.AdvancedMethods, nil, method),
		newChoiceField("content", "Content format", flow.ContentFormats(), nil, cf),
		u, h,
		newToggleField("wrap", `Wrap the body in {"data": …}`, e.Wraps()),
		onChangeField(env),
	}}}
	s.fm.fields = append(s.fm.fields, onRemoveField(env))
	s.fm.fields = append(s.fm.fields, findByFields(env)...)
	s.removeConfirmed = env.d.OnRemove == string(sync.DeleteRemoved) // the file's own choice
	s.show()
	return s
}

// show hides the fields the current choices do not use.
func (s *endpointStep) show() {
	adv := s.fm.get("kind").value() == "advanced"
	t, _ := flow.LookupTemplate(s.fm.get("template").value())
	for _, f := range s.fm.fields {
		switch f.id {
		case "template":
			f.hidden = adv
		case "id":
			f.hidden = adv || !t.NeedsID
		case "method", "content", "url", "headers", "wrap":
			f.hidden = !adv
		}
	}
}

func (s *endpointStep) enter(env *stepEnv) tea.Cmd {
	attrs := make([]string, len(env.schema.Attrs))
	for i, a := range env.schema.Attrs {
		attrs[i] = "{record." + a.Path + "}"
	}
	s.fm.get("id").input.SetSuggestions(attrs)
	s.fm.get("id").input.ShowSuggestions = true
	s.apply(env)
	return s.fm.refocus()
}

func (s *endpointStep) resize(w, _ int) { s.fm.setWidth(w) }
func (s *endpointStep) busy() bool      { return false }

// endpointKeys are the Endpoint step's own bindings, beside its form's: y
// confirms on_remove delete, which the field's note asks for.
type endpointKeys struct{ confirmDelete key.Binding }

var endpointKeyMap = endpointKeys{
	confirmDelete: bind("y", "", ""), // the on_remove note names it
}

func (s *endpointStep) keys(*stepEnv) []key.Binding {
	ks := s.fm.footer("next")
	if s.asksDelete() {
		ks = append(ks, endpointKeyMap.confirmDelete)
	}
	return ks
}

// asksDelete says the focus is on on_remove with delete chosen: y confirms it.
func (s *endpointStep) asksDelete() bool {
	f := s.fm.focused()
	return f != nil && f.id == "on_remove" && f.value() != ""
}

func (s *endpointStep) apply(env *stepEnv) {
	e := flow.Endpoint{}
	if s.fm.get("kind").value() == "template" {
		e.Template = s.fm.get("template").value()
		if t, _ := flow.LookupTemplate(e.Template); t.NeedsID {
			e.ID = s.fm.get("id").value()
		}
	} else {
		e.Method = s.fm.get("method").value()
		e.ContentFormat = s.fm.get("content").value()
		e.URL = s.fm.get("url").value()
		e.Headers = s.fm.get("headers").value()
		if !s.fm.get("wrap").on {
			no := false
			e.Wrap = &no
		}
	}
	if e != env.d.Endpoint {
		env.dirty = true
	}
	env.d.Endpoint = e
	s.applyOnChange(env)
	s.applyOnRemove(env)
	s.applyFindBy(env)
	s.problems = stepProblems(env, "endpoint", "on_change", "on_remove", "find_by", "on_exists")
}

func (s *endpointStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, endpointKeyMap.confirmDelete) && s.asksDelete() {
		s.removeConfirmed = true
		s.apply(env)
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, formKeyMap.enter) && s.beforeOptional() {
		if f := s.fm.focused(); f.takeGhost() {
			s.apply(env)
			return nil
		}
		s.apply(env) // the questions below have defaults: ↓ reaches them, enter goes on
		return submit(env, s.problems, nil)
	}
	return updateForm(env, &s.fm, s, &s.problems, msg)
}

// beforeOptional says the focus is on the last field before the optional
// questions under the endpoint (on_change, find-or-create), which keep their defaults
// unless ↓ reaches them.
func (s *endpointStep) beforeOptional() bool {
	vis := s.fm.visible()
	return s.fm.focus+1 < len(vis) && slices.Contains(optionalIDs, vis[s.fm.focus+1].id) && !slices.Contains(optionalIDs, vis[s.fm.focus].id)
}

func (s *endpointStep) view(env *stepEnv, width int) string {
	out := formView(env, &s.fm, s.problems)
	if env.skipped(stepBatching) {
		out += "\n" + env.st.dim.Render(hangIndent("The Batching step is skipped: a template sends one record per request (Clio's v4 endpoints take one object per call).", width, "")) + "\n"
	}
	return out
}
