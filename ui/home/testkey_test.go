package home

import (
	"context"
	"testing"
)

// t opens the wizard on the selected destination at its Test step (o.Test);
// e opens it at the start; without o.Test, t opens it as e does.
func TestTestKeyOpensTheTestStep(t *testing.T) {
	dir := folder(t)
	for _, c := range []struct {
		key      string
		withTest bool
		want     bool
	}{{"t", true, true}, {"e", true, false}, {"t", false, false}} {
		m := newTestModel(t, dir, nil, 140, 30)
		if c.withTest {
			m.o.Test = func(context.Context, string) error { return nil }
		}
		press(m, c.key)
		if m.next == nil || *m.next != m.selected().path {
			t.Fatalf("%s: the wizard is not opened on the selected destination (%v)", c.key, m.next)
		}
		if m.nextTest != c.want {
			t.Errorf("%s with o.Test %v: at the Test step %v, want %v", c.key, c.withTest, m.nextTest, c.want)
		}
	}
}
