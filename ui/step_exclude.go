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

func newExcludeStep() step { return &excludeStep{} }

func (s *excludeStep) enter(*stepEnv) tea.Cmd { return nil }
func (s *excludeStep) resize(_ int, h int)    { s.height = h }
func (s *excludeStep) busy() bool             { return false }

// excludeKeys are the Exclude step's bindings: the footer shows them and
// update matches them.
type excludeKeys struct{ toggle, next, up, down key.Binding }

var excludeKeyMap = excludeKeys{
	toggle: bind("space x", "space", "toggle"),
	next:   bind("enter", "enter", "next"),
	up:     bind("up k", "↑/↓", "attribute"),
	down:   bind("down j", "", ""),
}

func (s *excludeStep) keys(*stepEnv) []key.Binding {
	km := &excludeKeyMap
	return []key.Binding{km.toggle, km.next, km.up, km.down}
}

func (s *excludeStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	n := len(env.schema.Attrs)
	km := &excludeKeyMap
	switch {
	case key.Matches(k, km.up):
		s.sel = max(0, s.sel-1)
	case key.Matches(k, km.down):
		s.sel = min(n-1, s.sel+1)
	case key.Matches(k, km.toggle):
		if n == 0 {
			return nil
		}
		p := env.schema.Attrs[s.sel].Path
		if i := slices.Index(env.d.Exclude, p); i >= 0 {
			env.d.Exclude = slices.Delete(env.d.Exclude, i, i+1)
		} else {
			env.d.Exclude = append(env.d.Exclude, p)
		}
		env.dirty = true
	case key.Matches(k, km.next):
		return env.next()
	}
	return nil
}

func (s *excludeStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	b.WriteString(st.dim.Render("Ticked attributes are never sent (a parent excludes what is below it).") + "\n")
	// What a tick takes out of the requests, first: it must not pass unseen.
	fx := 0
	for _, e := range env.d.Exclude {
		for _, w := range flow.ExclusionEffects(env.d, e) {
			b.WriteString(st.warn.Render(hangIndent(clean("! "+w, false), width, "  ")) + "\n")
			fx++
		}
	}
	b.WriteString("\n")
	if len(env.schema.Attrs) == 0 {
		b.WriteString(st.dim.Render("The Nexset's schema is not known yet: pick a Nexset first.") + "\n")
	}
	rows := max(5, s.height-8-fx)
	first := max(0, min(s.sel-rows/2, len(env.schema.Attrs)-rows))
	b.WriteString(moreAbove(st, first))
	for i := first; i < len(env.schema.Attrs) && i < first+rows; i++ {
		a := env.schema.Attrs[i]
		box := "[ ]"
		if slices.Contains(env.d.Exclude, a.Path) {
			box = "[x]"
		} else if flow.Excluded(env.d.Exclude, a.Path) {
			box = "[-]"
		}
		line := fmt.Sprintf("%s %s %s", box, clean(a.Path, false), st.dim.Render(strings.Join(a.Types, "|")))
		if i == s.sel {
			b.WriteString(st.focus.Render("> ") + truncate(line, width-2) + "\n")
		} else {
			b.WriteString("  " + truncate(line, width-2) + "\n")
		}
	}
	b.WriteString(moreBelow(st, len(env.schema.Attrs)-first-rows))
	if len(env.d.Exclude) > 0 {
		b.WriteString("\n" + st.label.Render("Excluded: ") + clean(strings.Join(env.d.Exclude, ", "), false) + "\n")
	}

	return b.String()
}
