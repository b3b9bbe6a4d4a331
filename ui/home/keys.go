package home

import "charm.land/bubbles/v2/key"

// keyMap is every key of the home, once: the handlers match these
// bindings and the footer is drawn from them, so they cannot disagree.
type keyMap struct {
	Up, Down                       key.Binding
	Edit, New, Preview, Test       key.Binding
	Activate, Pause, Retry, Doubt  key.Binding
	Status, Filter, Quit           key.Binding
	Yes, No, Back, Open, PauseLive key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Edit:      key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("enter/e", "edit")),
		New:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Preview:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "preview")),
		Test:      key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "test")),
		Activate:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "activate")),
		Pause:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume")),
		Retry:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry failed")),
		Doubt:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "resolve in doubt")),
		Status:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "status")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Quit:      key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:        key.NewBinding(key.WithKeys("n", "N", "esc", "enter"), key.WithHelp("n", "no")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show record")),
		PauseLive: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pause")),
	}
}

// listKeys are the home list's bindings, in footer order.
func (k keyMap) listKeys() []key.Binding {
	return []key.Binding{k.Edit, k.New, k.Preview, k.Test, k.Activate, k.Pause, k.Retry, k.Doubt, k.Status, k.Filter, k.Quit}
}

// liveKeys are the live activation view's.
func (k keyMap) liveKeys() []key.Binding {
	return []key.Binding{k.PauseLive, k.Status, k.Back, k.Quit}
}

// statusKeys are the status detail's.
func (k keyMap) statusKeys() []key.Binding {
	return []key.Binding{k.Open, k.Retry, k.Doubt, k.Back}
}

// textKeys are the preview's and the record view's.
func (k keyMap) textKeys() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Back}
}
