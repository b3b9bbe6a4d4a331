package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
)

// TestRenderProblemsOnceAndCapped: a message repeated by several records
// is listed once, errors show (up to maxErrors), and warnings past maxWarnings are
// counted instead of filling the screen.
func TestRenderProblemsOnceAndCapped(t *testing.T) {
	st := newStyles(true)
	ps := flow.Problems{
		{Message: "missing data.type"},
		{Message: "w1", Warning: true},
		{Message: "w1", Warning: true},
		{Message: "w2", Warning: true},
		{Message: "missing data.type"},
		{Message: "w3", Warning: true},
		{Message: "w4", Warning: true},
		{Message: "w5", Warning: true},
		{Message: "missing data.date"},
	}
	got := ansi.Strip(renderProblems(&st, ps))
	want := "✗ missing data.type\n! w1\n! w2\n! w3\n✗ missing data.date\n! and 2 more warning(s)\n"
	if got != want {
		t.Fatalf("renderProblems =\n%s\nwant\n%s", got, want)
	}
	if got := renderProblems(&st, ps[1:4]); strings.Contains(got, "more warning") {
		t.Fatalf("a count line under the cap:\n%s", got)
	}
}

// TestRenderProblemsCountsErrorsPastTheCap: a long list of refused records
// shows maxErrors of them and says how many more there are.
func TestRenderProblemsCountsErrorsPastTheCap(t *testing.T) {
	st := newStyles(true)
	var ps flow.Problems
	for i := 1; i <= maxErrors+4; i++ {
		ps = append(ps, flow.Problem{Message: "record " + strings.Repeat("x", i) + ": refused"})
	}
	got := ansi.Strip(renderProblems(&st, ps))
	if n := strings.Count(got, ": refused"); n != maxErrors || !strings.Contains(got, "✗ and 4 more problem(s)") {
		t.Fatalf("%d errors shown:\n%s", n, got)
	}
}
