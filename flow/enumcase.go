package flow

import (
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/nexset"
)

// enumCase sends an enum value that differs from one allowed value only in
// case (high, NORMAL, Complete) as Clio spells it, and says so in a note:
// the spelling is Clio's, the choice is unambiguous. A value that fits
// none, or several, is left for the catalogue check to refuse.
func (p *Planner) enumCase(data map[string]any) []string {
	var notes []string
	for _, l := range p.enums {
		v, ok := nexset.Get(data, l.Path)
		s, isText := v.(string)
		if !ok || !isText {
			continue
		}
		if fit := enumFit(l.Attr.Enum, s); fit != "" && fit != s {
			nexset.Set(data, l.Path, fit)
			notes = append(notes, fmt.Sprintf("note: %s %q is sent as %q, the allowed value it matches apart from case", l.Path, s, fit))
		}
	}
	return notes
}

// enumFit is the allowed value s stands for: s itself, or the one value it
// matches apart from case; "" when it fits none or several.
func enumFit(enum []string, s string) string {
	fit := ""
	for _, e := range enum {
		if e == s {
			return e
		}
		if strings.EqualFold(e, strings.TrimSpace(s)) {
			if fit != "" {
				return ""
			}
			fit = e
		}
	}
	return fit
}

// EnumConstant types a constant for attribute a (ParseConstant) and, when a
// lists allowed values, takes a text only if it is one of them, apart from
// case (then as Clio spells it), so a question can refuse it at once.
func EnumConstant(raw string, a *clio.Attr) (any, error) {
	v, err := ParseConstant(raw, a)
	if err != nil || a == nil || len(a.Enum) == 0 {
		return v, err
	}
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	fit := enumFit(a.Enum, s)
	if fit == "" {
		return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(a.Enum, ", "))
	}
	return fit, nil
}
