package flow

import (
	"fmt"
	"strings"

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
		fit := ""
		for _, e := range l.Attr.Enum {
			if e == s {
				fit = ""
				break
			}
			if strings.EqualFold(e, strings.TrimSpace(s)) {
				if fit != "" {
					fit = ""
					break
				}
				fit = e
			}
		}
		if fit != "" {
			nexset.Set(data, l.Path, fit)
			notes = append(notes, fmt.Sprintf("note: %s %q is sent as %q, the allowed value it matches apart from case", l.Path, s, fit))
		}
	}
	return notes
}
