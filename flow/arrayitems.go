package flow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// ItemTarget is a mapping target inside an array item:
// "email_addresses[0].address" is Array "email_addresses", Index 0, Rest "address".
type ItemTarget struct {
	Array string
	Index int
	Rest  string
}

// ParseItemTarget splits a target that indexes an array of objects. ok is
// false for a plain target; err says what is wrong with a malformed index.
func ParseItemTarget(target string) (it ItemTarget, ok bool, err error) {
	open := strings.IndexByte(target, '[')
	if open < 0 {
		return ItemTarget{}, false, nil
	}
	closing := strings.IndexByte(target[open:], ']')
	if closing < 0 {
		return ItemTarget{}, true, fmt.Errorf("%s: [ is not closed by ]", target)
	}
	closing += open
	n, convErr := strconv.Atoi(target[open+1 : closing])
	if convErr != nil || n < 0 || target[open+1] == '+' {
		return ItemTarget{}, true, fmt.Errorf("%s: the index %q is not a whole number from 0", target, target[open+1:closing])
	}
	rest, dotted := strings.CutPrefix(target[closing+1:], ".")
	if !dotted || rest == "" || strings.ContainsAny(rest, "[]") || open == 0 {
		return ItemTarget{}, true, fmt.Errorf("%s: write an item attribute as ARRAY[N].ATTRIBUTE, e.g. email_addresses[0].address", target)
	}
	return ItemTarget{Array: target[:open], Index: n, Rest: rest}, true, nil
}

// indexGaps finds arrays whose items are not numbered from 0 without a gap:
// for each, the position in targets of the first item past the gap and what
// to say ("email_addresses[2] is mapped, but email_addresses[1] is not …").
func indexGaps(targets []string) map[int]string {
	first := map[string]map[int]int{} // array → index → position of its first target
	for pos, t := range targets {
		if it, ok, err := ParseItemTarget(t); ok && err == nil {
			if first[it.Array] == nil {
				first[it.Array] = map[int]int{}
			}
			if _, seen := first[it.Array][it.Index]; !seen {
				first[it.Array][it.Index] = pos
			}
		}
	}
	gaps := map[int]string{}
	for array, at := range first {
		idx := make([]int, 0, len(at))
		for i := range at {
			idx = append(idx, i)
		}
		slices.Sort(idx)
		for want, got := range idx {
			if got != want {
				gaps[at[got]] = fmt.Sprintf("%s[%d] is mapped, but %s[%d] is not: number the items from 0 without a gap", array, got, array, want)
				break
			}
		}
	}
	return gaps
}

// itemBuilder collects a record's array items as the mappings fill them.
type itemBuilder struct {
	arrays map[string][]*arrayItem
}

type arrayItem struct {
	fields map[string]any
	filled bool // a value read from the record was set
	read   bool // a mapping reads the record for this item
}

func (b *itemBuilder) at(it ItemTarget) *arrayItem {
	if b.arrays == nil {
		b.arrays = map[string][]*arrayItem{}
	}
	list := b.arrays[it.Array]
	for len(list) <= it.Index {
		list = append(list, &arrayItem{fields: map[string]any{}})
	}
	b.arrays[it.Array] = list
	return list[it.Index]
}

// skip notes a mapping from the record that gave no value for the item.
func (b *itemBuilder) skip(it ItemTarget) { b.at(it).read = true }

// set stores a mapped value in its item; an empty value from the record
// (null or "") is not sent, and does not make the item.
func (b *itemBuilder) set(it ItemTarget, v any, fromRecord bool) {
	x := b.at(it)
	if fromRecord {
		x.read = true
		if v == nil || v == "" {
			return
		}
		x.filled = true
	}
	nexset.Set(x.fields, it.Rest, v)
}

// into puts the arrays in data, items in index order; an item whose values
// read from the record are all empty is left out (its constants alone, such
// as name: Work, do not make it).
func (b *itemBuilder) into(data map[string]any) {
	for array, list := range b.arrays {
		var out []any
		for _, x := range list {
			if len(x.fields) == 0 || (x.read && !x.filled) {
				continue
			}
			out = append(out, x.fields)
		}
		if len(out) > 0 {
			nexset.Set(data, array, out)
		}
	}
}
