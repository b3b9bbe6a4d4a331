package ui

import (
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// Array items in the Mapping step (issue 12): the catalogue's attributes
// of an array of objects (email_addresses[].address) are listed as the
// attributes of its items, email_addresses[0].address, under their array;
// + on one adds the array's next item. Custom fields have their own picker
// and arrays inside arrays are not offered.

// itemTemplate splits a catalogue leaf of an array item: "email_addresses",
// "address"; ok is false for any other leaf.
func itemTemplate(path string) (array, rest string, ok bool) {
	array, rest, ok = strings.Cut(path, "[].")
	if !ok || array == "" || strings.Contains(array, ".") || strings.Contains(rest, "[]") || array == "custom_field_values" {
		return "", "", false
	}
	return array, rest, true
}

// itemCount is how many items of array the step lists: those the mapping
// fills, those added with +, and at least one.
func (s *mappingStep) itemCount(env *stepEnv, array string) int {
	n := max(1, s.items[array])
	for _, mp := range env.d.Mapping {
		if it, ok, err := flow.ParseItemTarget(mp.Target); ok && err == nil && it.Array == array {
			n = max(n, it.Index+1)
		}
	}
	return n
}

// itemLeaves lists the item targets of the operation's array leaves, item
// by item, each item's attributes in the catalogue's order.
func (s *mappingStep) itemLeaves(env *stepEnv, leaves []*clio.Leaf) []*clio.Leaf {
	byArray := map[string][]*clio.Leaf{}
	var arrays []string
	for _, l := range leaves {
		array, _, ok := itemTemplate(l.Path)
		if !ok {
			continue
		}
		if _, seen := byArray[array]; !seen {
			arrays = append(arrays, array)
		}
		byArray[array] = append(byArray[array], l)
	}
	var out []*clio.Leaf
	for _, array := range arrays {
		for i := range s.itemCount(env, array) {
			for _, l := range byArray[array] {
				_, rest, _ := itemTemplate(l.Path)
				out = append(out, &clio.Leaf{Path: fmt.Sprintf("%s[%d].%s", array, i, rest), Attr: l.Attr})
			}
		}
	}
	return out
}

// addItem lists one more item of the selected target's array, and selects
// its first attribute.
func (s *mappingStep) addItem(env *stepEnv) {
	if len(s.targets) == 0 {
		return
	}
	it, ok, err := flow.ParseItemTarget(s.targets[s.sel].Path)
	if !ok || err != nil {
		env.flash = env.st.dim.Render("+ adds an item to a list attribute (email_addresses[0].address …)")
		return
	}
	n := s.itemCount(env, it.Array)
	if s.items == nil {
		s.items = map[string]int{}
	}
	s.items[it.Array] = n + 1
	s.enter(env)
	first := fmt.Sprintf("%s[%d].", it.Array, n)
	for i, l := range s.targets {
		if strings.HasPrefix(l.Path, first) {
			s.sel = i
			break
		}
	}
}
