package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// A choice field with filter set narrows its options to those whose label
// holds what is typed ("mm/" leaves date:MM/DD/YYYY): letters type, ←/→
// move among the matches, backspace takes a letter back.

// matches reports whether option i's label holds the field's query.
func (f *field) matches(i int) bool {
	return f.query == "" || strings.Contains(strings.ToLower(f.labels[i]), strings.ToLower(f.query))
}

// typeFilter takes a key on a filtering choice field; handled is false for
// keys it leaves to the form.
func (f *field) typeFilter(k tea.KeyPressMsg) (handled bool) {
	switch {
	case k.String() == "backspace":
		if f.query == "" {
			return false
		}
		r := []rune(f.query)
		f.query = string(r[:len(r)-1])
	case k.Mod&^tea.ModShift == 0 && printable(k.Text):
		f.query += k.Text
	default:
		return false
	}
	if !f.matches(f.choice) {
		f.moveChoice(1)
	}
	return true
}

// moveChoice steps the choice by dir (+1, -1) to the next option that
// matches the query, wrapping; it stays when none does.
func (f *field) moveChoice(dir int) {
	n := len(f.options)
	for step := 1; step <= n; step++ {
		if i := ((f.choice+dir*step)%n + n) % n; f.matches(i) {
			f.choice = i
			return
		}
	}
}

// anyMatch says whether some option matches the query.
func (f *field) anyMatch() bool {
	for i := range f.options {
		if f.matches(i) {
			return true
		}
	}
	return false
}
