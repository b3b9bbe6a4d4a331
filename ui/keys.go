package ui

import "charm.land/bubbles/v2/key"

// globalKeys work on every step. None of them types a character, so they
// never clash with text inputs.
type globalKeys struct {
	quit, back, pane, expand, scrollUp, scrollDown key.Binding
	// the question ctrl+c asks when something is unsaved
	discard, keepEditing key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		quit:        key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		back:        key.NewBinding(key.WithKeys("esc", "shift+tab"), key.WithHelp("esc", "back")),
		pane:        key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "samples")),
		expand:      key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "expand samples")),
		scrollUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll samples")),
		scrollDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgup/pgdn", "scroll samples")),
		discard:     bind("y Y", "y", "discard and quit"),
		keepEditing: bind("n", anyOtherKey, "keep editing"),
	}
}

// all lists every global binding (the README's key table is checked
// against it).
func (g globalKeys) all() []key.Binding {
	return []key.Binding{g.quit, g.back, g.pane, g.expand, g.scrollUp, g.scrollDown}
}

// shown is the bindings the footer names: a pair such as ↑ and ↓ is two
// bindings (each handled on its own) named once, by the first; the second,
// with no help of its own, is left out, as is a key the step's text names.
func shown(bs []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if b.Help().Key != "" {
			out = append(out, b)
		}
	}
	return out
}

// anyOtherKey is the help of a question's "no": every key but the yes
// answers it.
const anyOtherKey = "any other key"

func bind(keys, helpKey, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(splitKeys(keys)...), key.WithHelp(helpKey, desc))
}

func splitKeys(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
