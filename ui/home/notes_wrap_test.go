package home

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The selected row's problem wraps into the lines the list keeps for its
// notes, so what is wrong is read at 80 columns, not cut after the first
// words (here it still does not fit whole: its end is marked).
func TestListWrapsTheSelectedProblem(t *testing.T) {
	dir := folder(t)
	m := newTestModel(t, dir, nil, 80, 30)
	selectRow(t, m, "broken.yaml")
	s := frame(m)
	if !strings.Contains(s, "create_contact, update_contact") || !strings.Contains(s, "(cliodest validat…") {
		t.Errorf("the problem is cut:\n%s", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
}
