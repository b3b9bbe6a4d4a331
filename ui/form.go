package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// A form is the body of most steps: a column of fields, one focused, moved
// with up/down. Fields are small and hand-written so that each step's
// Update-driven tests can see exactly what a key does.

type fieldKind int

const (
	fieldText   fieldKind = iota // a textinput
	fieldChoice                  // one of options, ←/→ cycles
	fieldToggle                  // on/off, space toggles
)

type field struct {
	kind    fieldKind
	id      string
	label   string
	help    string // one line under the field when focused
	below   string // styled lines under the help when focused (a list to pick from)
	note    string // a styled line under the field, focused or not (what the value means)
	hidden  bool
	input   textinput.Model
	options []string // fieldChoice: values
	labels  []string // fieldChoice: what the user reads (defaults to options)
	choice  int
	on      bool
	filter  bool   // fieldChoice: typing narrows the options (choicefilter.go)
	query   string // what was typed to narrow them
	// typed, when set, says whether what was typed is itself a value (a
	// date layout) and checks it; ←/→ go back to the options (picked).
	typed  func(q string) (candidate bool, err error)
	picked bool
	// inline draws the value beside the label, on one line: the short
	// settings of a step that must leave room for what it shows below.
	inline bool
}

func newTextField(id, label, value string) *field {
	ti := textinput.New()
	km := textinput.DefaultKeyMap()
	// up/down move between fields; ctrl+n cycles suggestions, tab takes one:
	// the form's own bindings, which its footer names.
	km.AcceptSuggestion = formKeyMap.complete
	km.NextSuggestion = formKeyMap.nextMatch
	km.PrevSuggestion = key.NewBinding(key.WithDisabled())
	ti.KeyMap = km
	st := ti.Styles()
	st.Cursor.Blink = false // no timer-driven redraws: stable frames and goldens
	ti.SetStyles(st)
	ti.Prompt = ""
	ti.SetValue(value)
	ti.CharLimit = 4096
	return &field{kind: fieldText, id: id, label: label, input: ti}
}

func newChoiceField(id, label string, options, labels []string, value string) *field {
	f := &field{kind: fieldChoice, id: id, label: label, options: options, labels: labels}
	if f.labels == nil {
		f.labels = options
	}
	f.set(value)
	return f
}

func newToggleField(id, label string, on bool) *field {
	return &field{kind: fieldToggle, id: id, label: label, on: on}
}

func (f *field) value() string {
	switch f.kind {
	case fieldText:
		return strings.TrimSpace(f.input.Value())
	case fieldChoice:
		if f.typedValue() {
			return strings.TrimSpace(f.query)
		}
		if f.choice < len(f.options) {
			return f.options[f.choice]
		}
		return ""
	default:
		if f.on {
			return "on"
		}
		return "off"
	}
}

func (f *field) set(v string) {
	switch f.kind {
	case fieldText:
		f.input.SetValue(v)
	case fieldChoice:
		for i, o := range f.options {
			if o == v {
				f.choice = i
			}
		}
	default:
		f.on = v == "on" || v == "true"
	}
}

// ghost is the rest of the completion the text field shows in grey after
// what was typed, or "" when none is shown.
func (f *field) ghost() string {
	if f.kind != fieldText || !f.input.ShowSuggestions || !f.input.Focused() {
		return ""
	}
	v, sg := []rune(f.input.Value()), []rune(f.input.CurrentSuggestion())
	if len(v) == 0 || len(sg) <= len(v) {
		return ""
	}
	return string(sg[len(v):])
}

// takeGhost makes the shown completion part of the value. enter does this
// as tab does: a value that looks typed must be the value kept, above all
// without colours (NO_COLOR, dumb terminals), where the grey cannot be told
// from what was typed.
func (f *field) takeGhost() bool {
	if f.ghost() == "" {
		return false
	}
	f.input.SetValue(f.input.CurrentSuggestion())
	f.input.CursorEnd()
	return true
}

// formKeys are a form's bindings: update matches keys against them and
// the footer names them, so the two cannot disagree. A text field's editing
// keys (letters, ←/→ inside the text, backspace, ctrl+u…) are its text
// input's; the input's suggestion keys are complete and nextMatch.
type formKeys struct {
	up, down    key.Binding // the field above, below
	enter       key.Binding // the next field; on the last, the step's (submit)
	take        key.Binding // a completion shown in grey: tab (the input's complete) or enter takes it
	complete    key.Binding // a text input takes its suggestion
	nextMatch   key.Binding // a text input shows its next suggestion
	left, right key.Binding // a choice: the option before, after
	filter      key.Binding // a choice that filters: letters narrow it, backspace takes one back
	toggle      key.Binding // a toggle: on or off
}

var formKeyMap = formKeys{
	up:        bind("up", "↑/↓", "field"),
	down:      bind("down", "", ""),
	enter:     bind("enter", "enter", "next"),
	take:      bind("tab enter", "tab/enter", "take suggestion"),
	complete:  bind("tab", "tab", "complete"),
	nextMatch: bind("ctrl+n", "ctrl+n", "next match"),
	left:      bind("left h", "←/→", "choose"),
	right:     bind("right l space", "", ""),
	filter:    bind("backspace", "type", "filter"),
	toggle:    bind("space x left right", "space", "toggle"),
}

// hints are the footer words for the focused field's own keys.
func (fm *form) hints() []key.Binding {
	f := fm.focused()
	if f == nil {
		return nil
	}
	fk := &formKeyMap
	switch {
	case f.ghost() != "":
		return []key.Binding{fk.take, fk.nextMatch}
	case f.kind == fieldText && f.input.ShowSuggestions && len(f.input.AvailableSuggestions()) > 0:
		return []key.Binding{fk.complete}
	case f.kind == fieldChoice && len(f.options) < 2:
		return nil // a line that sums up (Read as): nothing to choose
	case f.kind == fieldChoice && f.filter:
		return []key.Binding{fk.left, fk.right, fk.filter}
	case f.kind == fieldChoice:
		return []key.Binding{fk.left, fk.right}
	case f.kind == fieldToggle:
		return []key.Binding{fk.toggle}
	}
	return nil
}

// footer is the focused field's hints, the form's enter (what it does on
// the last field, in the step's words: done) and ↑/↓, then the step's own
// keys. While enter takes a shown suggestion, the hints say so instead.
func (fm *form) footer(done string, own ...key.Binding) []key.Binding {
	out := fm.hints()
	if f := fm.focused(); f == nil || f.ghost() == "" {
		enter := formKeyMap.enter
		enter.SetHelp(enter.Help().Key, done)
		out = append(out, enter)
	}
	out = append(out, formKeyMap.up, formKeyMap.down)
	return append(out, own...)
}

type form struct {
	fields []*field
	focus  int
	width  int
}

func (fm *form) get(id string) *field {
	for _, f := range fm.fields {
		if f.id == id {
			return f
		}
	}
	return nil
}

func (fm *form) focused() *field {
	vis := fm.visible()
	if len(vis) == 0 {
		return nil
	}
	if fm.focus >= len(vis) {
		fm.focus = len(vis) - 1
	}
	return vis[fm.focus]
}

func (fm *form) visible() []*field {
	out := make([]*field, 0, len(fm.fields))
	for _, f := range fm.fields {
		if !f.hidden {
			out = append(out, f)
		}
	}
	return out
}

func (fm *form) setWidth(w int) {
	fm.width = w
	for _, f := range fm.fields {
		if f.kind == fieldText {
			f.input.SetWidth(max(10, w-4-f.inlineIndent()))
		}
	}
}

// refocus gives the text cursor to the focused field only.
func (fm *form) refocus() tea.Cmd {
	cur := fm.focused()
	var cmd tea.Cmd
	for _, f := range fm.fields {
		if f != cur {
			f.keepTyped()
			f.query = "" // a filter lasts while its field has the focus
		}
		if f.kind != fieldText {
			continue
		}
		if f == cur {
			cmd = f.input.Focus()
		} else {
			f.input.Blur()
		}
	}
	return cmd
}

// formResult says what a key did to the form.
type formResult int

const (
	formNone    formResult = iota
	formChanged            // a value changed
	formSubmit             // enter on the last field
)

// update handles a message for the focused field. enter moves to the next
// field and submits on the last one.
func (fm *form) update(msg tea.Msg) (formResult, tea.Cmd) {
	f := fm.focused()
	if f == nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, formKeyMap.enter) {
			return formSubmit, nil
		}
		return formNone, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		fk := &formKeyMap
		switch {
		case key.Matches(k, fk.up):
			if fm.focus > 0 {
				fm.focus--
			}
			return formNone, fm.refocus()
		case key.Matches(k, fk.down):
			if fm.focus < len(fm.visible())-1 {
				fm.focus++
			}
			return formNone, fm.refocus()
		case key.Matches(k, fk.enter):
			if f.takeGhost() {
				return formChanged, nil // what was shown is what is kept; the next enter goes on
			}
			if fm.focus < len(fm.visible())-1 {
				fm.focus++
				return formNone, fm.refocus()
			}
			return formSubmit, nil
		}
		switch f.kind {
		case fieldChoice:
			if f.filter {
				before, beforeVal := f.choice, f.value()
				if f.typeFilter(k) {
					if f.choice != before || f.value() != beforeVal {
						return formChanged, nil
					}
					return formNone, nil
				}
			}
			switch {
			case key.Matches(k, fk.left):
				f.picked = true
				f.moveChoice(-1)
				return formChanged, nil
			case key.Matches(k, fk.right):
				f.picked = true
				f.moveChoice(1)
				return formChanged, nil
			}
			return formNone, nil
		case fieldToggle:
			if key.Matches(k, fk.toggle) {
				f.on = !f.on
				return formChanged, nil
			}
			return formNone, nil
		}
	}
	if f.kind != fieldText {
		return formNone, nil
	}
	before := f.input.Value()
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	if f.input.Value() != before {
		return formChanged, cmd
	}
	return formNone, cmd
}

func (fm *form) view(s *styles) string {
	var b strings.Builder
	cur := fm.focused()
	for _, f := range fm.visible() {
		marker := "  "
		lbl := s.label.Render(f.label)
		if f == cur {
			marker = s.focus.Render("> ")
			lbl = s.focus.Render(f.label)
		}
		if f.inline {
			b.WriteString(marker + lbl + "  " + f.inlineValue(s, fm.width) + "\n")
		} else {
			b.WriteString(marker + hangIndent(lbl, fm.width, "  ") + "\n")
		}
		switch {
		case f.inline:
		case f.kind == fieldText:
			b.WriteString("    " + f.input.View() + "\n")
		case f.kind == fieldChoice:
			var parts []string
			narrow, none := f.query != "" && f.anyMatch(), f.typed != nil && f.query != "" && !f.anyMatch()
			for i, l := range f.labels {
				if (narrow && !f.matches(i)) || (none && i != f.choice) {
					continue // the Conversion row, nothing matching: its long list would push the rest away
				}
				if i == f.choice {
					parts = append(parts, s.focus.Render("["+l+"]"))
				} else {
					parts = append(parts, s.dim.Render(" "+l+" "))
				}
			}
			b.WriteString("    " + wrapJoin(parts, fm.width-4, "    ") + "\n")
			if f.query != "" && f.filter {
				q := "typed: " + clean(f.query, false) + " (backspace takes it back)"
				if !f.anyMatch() {
					q = "nothing matches " + clean(f.query, false) + " (backspace)"
				}
				if f.typedValue() {
					_, err := f.typed(f.query)
					if err != nil {
						b.WriteString("    " + s.err.Render(hangIndent("✗ "+clean(f.query, false)+": "+clean(err.Error(), false), fm.width-4, "      ")) + "\n")
					} else {
						b.WriteString("    " + s.ok.Render("✓ "+clean(f.query, false)+" (typed; ←/→ go back to the list)") + "\n")
					}
				} else {
					b.WriteString("    " + s.dim.Render(q) + "\n")
				}
			}
		case f.kind == fieldToggle:
			box := "[ ] off"
			if f.on {
				box = "[x] on"
			}
			b.WriteString("    " + box + "\n")
		}
		if f.note != "" {
			b.WriteString("    " + hangIndent(f.note, fm.width, "    ") + "\n")
		}
		if f == cur && f.help != "" {
			b.WriteString("    " + hangIndent(s.dim.Render(f.help), fm.width, "    ") + "\n")
		}
		if f == cur && f.below != "" {
			b.WriteString(f.below)
		}
	}
	return b.String()
}

// inlineIndent is how far an inline field's value starts right of the
// marker: its label and two spaces.
func (f *field) inlineIndent() int {
	if !f.inline {
		return 0
	}
	return visibleWidth(f.label) + 2
}

// inlineValue draws an inline field's value: the text input, or the
// choices wrapped under themselves.
func (f *field) inlineValue(s *styles, width int) string {
	if f.kind == fieldText {
		return f.input.View()
	}
	indent := 2 + f.inlineIndent()
	if len(f.labels) == 1 { // a line that sums up, not a choice
		return hangIndent(f.labels[0], width, strings.Repeat(" ", indent))
	}
	parts := make([]string, len(f.labels))
	for i, l := range f.labels {
		if i == f.choice {
			parts[i] = s.focus.Render("[" + l + "]")
		} else {
			parts[i] = s.dim.Render(" " + l + " ")
		}
	}
	return wrapJoin(parts, width-indent, strings.Repeat(" ", indent))
}

// hangIndent wraps text to fit width once indent is written before it, and
// indents the lines after the first too, so a long label or help line does
// not run back to the left edge under the field's marker.
func hangIndent(text string, width int, indent string) string {
	w := width - len(indent)
	if width <= 0 || w < 10 || visibleWidth(text) <= w {
		return text
	}
	return strings.ReplaceAll(lipgloss.NewStyle().Width(w).Render(text), "\n", "\n"+indent)
}

// wrapJoin joins parts with spaces, breaking lines before width and
// starting each further line with indent.
func wrapJoin(parts []string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, p := range parts {
		w := visibleWidth(p)
		if i > 0 {
			if width > 0 && col+1+w > width {
				b.WriteString("\n" + indent) // width counts from after the indent
				col = 0
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(p)
		col += w
	}
	return b.String()
}
