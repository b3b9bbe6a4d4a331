package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
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
	case key.Matches(k, formKeyMap.filter):
		if f.query == "" {
			return false
		}
		r := []rune(f.query)
		f.query = string(r[:len(r)-1])
		f.picked = false
	case k.Mod&^tea.ModShift == 0 && (printable(k.Text) || (k.Text == " " && f.typedValue())):
		f.query += k.Text // a space only inside a typed layout ("[ hh:mm]"): elsewhere it moves
		f.picked = false
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

// typedValue says whether the field's value is what was typed (a layout
// not among the options) rather than the option chosen.
func (f *field) typedValue() bool {
	if f.typed == nil || f.picked || f.query == "" {
		return false
	}
	candidate, _ := f.typed(f.query)
	return candidate
}

// keepTyped makes a valid typed value one of the options, chosen, so it
// outlasts the filter when the field loses the focus.
func (f *field) keepTyped() {
	if !f.typedValue() {
		return
	}
	q := strings.TrimSpace(f.query)
	if _, err := f.typed(q); err != nil {
		return
	}
	if i := slices.Index(f.options, q); i >= 0 {
		f.choice = i
		return
	}
	f.options = append(f.options, q)
	if len(f.labels) > 0 {
		f.labels = append(f.labels, q)
	}
	f.choice = len(f.options) - 1
}
