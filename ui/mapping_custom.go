package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// Custom fields in the Mapping step (issue 12.3): c lists the firm's custom
// fields of the endpoint's parent type (Contact, Matter), read from Clio in
// the background; enter on one picks what fills it (a Nexset attribute or a
// constant), saved in the destination's custom_fields by name.

type customPicker struct {
	open    bool
	busy    bool
	err     string
	parent  string
	fields  []clio.CustomField
	sel     int
	editing *clio.CustomField
	fm      form
	cancel  context.CancelFunc
	gen     int
}

type customFieldsMsg struct {
	gen    int
	fields []clio.CustomField
	err    error
}

// openCustom lists the firm's custom fields, or says why it cannot.
func (s *mappingStep) openCustom(env *stepEnv) tea.Cmd {
	parent := env.d.CustomFieldParent()
	switch {
	case parent == "":
		env.flash = env.st.dim.Render("custom fields belong to contacts and matters: this endpoint takes none")
		return nil
	case !env.conn.ok:
		env.flash = env.st.dim.Render("custom fields are listed from Clio: check the credential (step 2) first")
		return nil
	}
	c := &s.custom
	c.open, c.busy, c.err, c.parent, c.editing = true, true, "", parent, nil
	c.gen++
	ctx, cancel := context.WithCancel(env.ctx)
	c.cancel = cancel
	gen, client := c.gen, env.conn.client
	return tea.Batch(func() tea.Msg {
		fs, err := flow.ListCustomFields(ctx, client, parent)
		return customFieldsMsg{gen: gen, fields: fs, err: err}
	}, env.startSpinner())
}

func (s *mappingStep) closeCustom() {
	if s.custom.cancel != nil {
		s.custom.cancel()
	}
	s.custom.open, s.custom.busy, s.custom.editing = false, false, nil
}

// customOf is the destination's entry for the field named name, if any.
func customOf(env *stepEnv, name string) (flow.CustomFieldMapping, int) {
	i := slices.IndexFunc(env.d.CustomFields, func(c flow.CustomFieldMapping) bool { return strings.EqualFold(c.Name, name) })
	if i < 0 {
		return flow.CustomFieldMapping{}, -1
	}
	return env.d.CustomFields[i], i
}

func (s *mappingStep) updateCustom(env *stepEnv, msg tea.Msg) tea.Cmd {
	c := &s.custom
	if cm, ok := msg.(customFieldsMsg); ok {
		if cm.gen == c.gen {
			c.busy, c.fields, c.sel = false, cm.fields, 0
			if cm.err != nil && !errors.Is(cm.err, context.Canceled) {
				c.err = clean(cm.err.Error(), false)
			}
		}
		return nil
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if c.editing != nil {
		return s.updateCustomEditor(env, k)
	}
	km := &mappingKeyMap
	switch {
	case key.Matches(k, km.close):
		s.closeCustom()
	case key.Matches(k, km.resultUp):
		c.sel = max(0, c.sel-1)
	case key.Matches(k, km.resultDown):
		c.sel = min(len(c.fields)-1, c.sel+1)
	case key.Matches(k, km.fill):
		if len(c.fields) > 0 {
			s.openCustomEditor(env, &c.fields[c.sel])
			return c.fm.refocus()
		}
	}
	return nil
}

// openCustomEditor asks what fills the field: (not mapped), a Nexset
// attribute, or a constant.
func (s *mappingStep) openCustomEditor(env *stepEnv, f *clio.CustomField) {
	c := &s.custom
	c.editing = f
	opts, labels := []string{""}, []string{"(not mapped)"}
	for _, a := range env.schema.Attrs {
		opts, labels = append(opts, "attr:"+a.Path), append(labels, clean(a.Path, false))
	}
	opts, labels = append(opts, "const"), append(labels, "constant")
	cur, i := customOf(env, f.Name)
	src, val := "", ""
	if i >= 0 {
		src = "attr:" + cur.Source
		if cur.Const {
			src, val = "const", constText(cur.Value)
		}
	}
	source := newChoiceField("source", "Source", opts, labels, src)
	source.filter = true
	source.help = flow.CustomValueHelp(*f)
	value := newTextField("value", "Constant value", val)
	value.help = flow.CustomValueHelp(*f)
	c.fm = form{fields: []*field{source, value}}
	c.fm.setWidth(s.width)
	value.hidden = source.value() != "const"
}

func (s *mappingStep) updateCustomEditor(env *stepEnv, k tea.KeyPressMsg) tea.Cmd {
	c := &s.custom
	if key.Matches(k, mappingKeyMap.cancel) {
		c.editing = nil
		return nil
	}
	res, cmd := c.fm.update(k)
	c.fm.get("value").hidden = c.fm.get("source").value() != "const"
	if res == formSubmit {
		s.saveCustom(env)
		c.editing = nil
	}
	return cmd
}

// saveCustom writes the edited field's entry into the destination.
func (s *mappingStep) saveCustom(env *stepEnv) {
	c := &s.custom
	name := c.editing.Name
	_, i := customOf(env, name)
	var entry *flow.CustomFieldMapping
	switch src := c.fm.get("source").value(); {
	case src == "const":
		entry = &flow.CustomFieldMapping{Name: name, Value: c.fm.get("value").value(), Const: true}
	case strings.HasPrefix(src, "attr:"):
		entry = &flow.CustomFieldMapping{Name: name, Source: strings.TrimPrefix(src, "attr:")}
	}
	switch {
	case entry == nil && i >= 0:
		env.d.CustomFields = slices.Delete(env.d.CustomFields, i, i+1)
	case entry != nil && i >= 0:
		env.d.CustomFields[i] = *entry
	case entry != nil:
		env.d.CustomFields = append(env.d.CustomFields, *entry)
	}
	env.dirty = true
	s.problems = stepProblems(env, "mapping", "custom_fields")
}

// customLine is the list's line on custom fields: what fills them, and c.
func (s *mappingStep) customLine(env *stepEnv, width int) string {
	if env.d.CustomFieldParent() == "" {
		return ""
	}
	var parts []string
	for _, c := range env.d.CustomFields {
		if c.Const {
			parts = append(parts, fmt.Sprintf("%s = %s", c.Name, constText(c.Value)))
		} else {
			parts = append(parts, fmt.Sprintf("%s ← %s", c.Name, c.Source))
		}
	}
	line := "Custom fields: none (c picks from the firm's)"
	if len(parts) > 0 {
		line = "Custom fields: " + strings.Join(parts, "; ") + " (c picks)"
	}
	return env.st.dim.Render(truncate(clean(line, false), width)) + "\n"
}

// viewCustom draws the picker or the field's editor.
func (s *mappingStep) viewCustom(env *stepEnv, width int) string {
	c := &s.custom
	st := &env.st
	var b strings.Builder
	if c.editing != nil {
		b.WriteString(st.label.Render("Custom field "+clean(c.editing.Name, false)) + st.dim.Render(" "+c.editing.FieldType) + "\n\n")
		b.WriteString(c.fm.view(st))
		return b.String()
	}
	b.WriteString(st.label.Render("The firm's custom fields of "+c.parent+"s") + "\n\n")
	switch {
	case c.busy:
		b.WriteString(env.spin.View() + " listing them from Clio… (esc cancels)\n")
	case c.err != "":
		b.WriteString(st.err.Render(c.err) + "\n")
	case len(c.fields) == 0:
		b.WriteString(st.dim.Render("the firm has none") + "\n")
	}
	for i, f := range c.fields {
		line := fmt.Sprintf("%s (%s)", clean(f.Name, false), f.FieldType)
		if cur, j := customOf(env, f.Name); j >= 0 {
			if cur.Const {
				line += " = " + clean(constText(cur.Value), false)
			} else {
				line += " ← " + clean(cur.Source, false)
			}
		}
		if i == c.sel {
			b.WriteString(st.focus.Render("> "+truncate(line, width-2)) + "\n")
		} else {
			b.WriteString("  " + truncate(line, width-2) + "\n")
		}
	}
	return b.String()
}
