package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// excludeStep toggles which record attributes are never sent; the side
// pane drops them as soon as they are ticked.
type excludeStep struct {
	sel    int
	height int
}

func newExcludeStep(*model) step { return &excludeStep{} }

func (s *excludeStep) enter(*model) tea.Cmd          { return nil }
func (s *excludeStep) resize(_ *model, _ int, h int) { s.height = h }
func (s *excludeStep) busy(*model) bool              { return false }
func (s *excludeStep) keys(*model) []key.Binding {
	return []key.Binding{bind("space x", "space", "toggle"), bind("enter", "enter", "next"), bind("up down", "↑/↓", "attribute")}
}

func (s *excludeStep) update(m *model, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	n := len(m.schema.Attrs)
	switch k.String() {
	case "up", "k":
		s.sel = max(0, s.sel-1)
	case "down", "j":
		s.sel = min(n-1, s.sel+1)
	case "space", "x":
		if n == 0 {
			return nil
		}
		p := m.schema.Attrs[s.sel].Path
		if i := slices.Index(m.d.Exclude, p); i >= 0 {
			m.d.Exclude = slices.Delete(m.d.Exclude, i, i+1)
		} else {
			m.d.Exclude = append(m.d.Exclude, p)
		}
		m.dirty = true
	case "enter":
		return m.next()
	}
	return nil
}

func (s *excludeStep) view(m *model, width int) string {
	st := &m.st
	var b strings.Builder
	b.WriteString(st.dim.Render("Ticked attributes are never sent (a parent excludes what is below it).") + "\n")
	// What a tick takes out of the requests, first: it must not pass unseen.
	fx := 0
	for _, e := range m.d.Exclude {
		for _, w := range flow.ExclusionEffects(m.d, e) {
			b.WriteString(st.warn.Render(hangIndent(clean("! "+w, false), width, "  ")) + "\n")
			fx++
		}
	}
	b.WriteString("\n")
	if len(m.schema.Attrs) == 0 {
		b.WriteString(st.dim.Render("The Nexset's schema is not known yet: pick a Nexset first.") + "\n")
	}
	rows := max(5, s.height-8-fx)
	first := max(0, min(s.sel-rows/2, len(m.schema.Attrs)-rows))
	b.WriteString(moreAbove(st, first))
	for i := first; i < len(m.schema.Attrs) && i < first+rows; i++ {
		a := m.schema.Attrs[i]
		box := "[ ]"
		if slices.Contains(m.d.Exclude, a.Path) {
			box = "[x]"
		} else if flow.Excluded(m.d.Exclude, a.Path) {
			box = "[-]"
		}
		line := fmt.Sprintf("%s %s %s", box, clean(a.Path, false), st.dim.Render(strings.Join(a.Types, "|")))
		if i == s.sel {
			b.WriteString(st.focus.Render("> ") + truncate(line, width-2) + "\n")
		} else {
			b.WriteString("  " + truncate(line, width-2) + "\n")
		}
	}
	b.WriteString(moreBelow(st, len(m.schema.Attrs)-first-rows))
	if len(m.d.Exclude) > 0 {
		b.WriteString("\n" + st.label.Render("Excluded: ") + clean(strings.Join(m.d.Exclude, ", "), false) + "\n")
	}

	return b.String()
}
