package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A conversion whose result would overflow or lose the value fails the
// record, naming the attribute, the value and the target (issue 17, 5).
func TestConversionOverflowFailsTheRecord(t *testing.T) {
	for _, tc := range []struct {
		hours any
		want  string
	}{
		{1e308, "too large"},
		{"1e-320", "would be sent as 0"},
	} {
		d := timeEntries(t)
		r := timeRecord(1)
		r.Fields["hours"] = tc.hours
		_, fails := mustPlan(t, d).Build([]nexset.Record{r})
		if len(fails) != 1 {
			t.Fatalf("hours %v: %d failures, want 1", tc.hours, len(fails))
		}
		f := fails[0]
		if f.Attr != "hours" || !strings.Contains(f.Reason, tc.want) || !strings.Contains(f.Reason, "for quantity") {
			t.Errorf("hours %v: attr %q reason %q", tc.hours, f.Attr, f.Reason)
		}
	}
}

// The catalogue's integer ranges hold for converted values: a 32-bit
// attribute refuses 3000000000, so the record is not sent.
func TestCatalogueIntegerRangeEnforced(t *testing.T) {
	d := taskDest(
		Mapping{Target: "name", Source: "title"},
		Mapping{Target: "description", Source: "title"},
		Mapping{Target: "assignee.id", Value: int64(1), Const: true},
		Mapping{Target: "assignee.type", Value: "User", Const: true},
		Mapping{Target: "time_estimated", Source: "estimate", Convert: "integer"},
	)
	r := rec(1, map[string]any{"title": "File the motion", "estimate": "3000000000"})
	p := mustPlan(t, d)
	_, fails := p.Build([]nexset.Record{r})
	if len(fails) != 1 || !strings.Contains(fails[0].Reason, "time_estimated must be a 32-bit integer") {
		t.Fatalf("fails %v", fails)
	}
	r.Fields["estimate"] = "3600"
	if calls, fails := p.Build([]nexset.Record{r}); len(fails) != 0 || len(calls) != 1 {
		t.Fatalf("in range: calls %d fails %v", len(calls), fails)
	}
}
