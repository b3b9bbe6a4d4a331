package ui

import (
	"fmt"
	"strings"
)

// sampleBar is the line that stands for the side pane below 100 columns,
// where the pane hides behind ctrl+p: how many samples Clio's published
// rules refuse and how many warnings they carry, so problems do not wait
// for the Save step to show. Empty before there are samples to judge.
func (m *model) sampleBar() string {
	st := &m.st
	if m.showPane || len(m.recs) == 0 || m.cur < stepEndpoint || len(m.pane.samples) == 0 {
		return ""
	}
	var bad, problems, warnings, unbuilt int
	for _, s := range m.pane.samples {
		if s.Error != "" {
			unbuilt++ // a record that builds no request (an unreadable value) is refused too
			problems++
		}
		if !s.OK() {
			bad++
		}
		problems += len(s.Problems)
		warnings += len(s.Warnings)
	}
	n := len(m.pane.samples)
	if unbuilt == n {
		return st.warn.Render("Samples: no request yet (ctrl+p shows why)")
	}
	var parts []string
	if bad > 0 {
		parts = append(parts, st.err.Render(fmt.Sprintf("✗ %d of %d refused (%d problem(s))", bad, n, problems)))
	} else {
		parts = append(parts, st.ok.Render(fmt.Sprintf("✓ %d of %d valid", n, n)))
	}
	if warnings > 0 {
		parts = append(parts, st.warn.Render(fmt.Sprintf("! %d warning(s)", warnings)))
	}
	return "Samples: " + strings.Join(parts, ", ") + st.dim.Render(" · ctrl+p shows them")
}
