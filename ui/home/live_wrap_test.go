package home

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cliodest/cliodest/flow/deliver"
)

// A run that stops says why in full on a narrow terminal: the line wraps
// instead of being cut ("check nexset.path (missing.csv" and no more).
func TestLiveViewWrapsWhyItStopped(t *testing.T) {
	dir := folder(t)
	why := errors.New("no Nexset at /tmp/firm/missing.csv: check nexset.path (missing.csv) in the destination file, whose folder a relative path starts from")
	run := func(context.Context, RunRequest, func(deliver.Event)) (deliver.Summary, error) {
		return deliver.Summary{}, why
	}
	m := newTestModel(t, dir, run, 60, 30)
	selectRow(t, m, "expenses.yaml")
	press(m, "a", "y")
	<-m.runs.get(filepath.Join(dir, "expenses.yaml")).done
	s := frame(m)
	if !strings.Contains(s, "starts from") {
		t.Errorf("the reason is cut:\n%s", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if n := utf8.RuneCountInString(l); n > 60 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
}
