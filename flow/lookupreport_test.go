package flow

import (
	"errors"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// CountLookups and LookupsShown tell found, missing, not yet asked and
// unanswered values apart.
func TestLookupReport(t *testing.T) {
	d := timeEntries(t)
	d.Mapping[3] = Mapping{Target: "matter.id", Source: "matter_number", Convert: "lookup:matters.display_number"}
	recs := []nexset.Record{
		rec(1, map[string]any{"matter_number": "00042-Whitfield"}),
		rec(2, map[string]any{"matter_number": "00099-Nobody"}),
		rec(3, map[string]any{"matter_number": "00013-Johnson"}),
		rec(4, map[string]any{"matter_number": "00014-Acme"}),
		rec(5, map[string]any{"matter_number": ""}), // blank: no look-up
	}
	known := func(s lookup.Spec, v any) (lookup.Match, error, bool) {
		switch v {
		case "00042-Whitfield":
			return lookup.Match{ID: 3009}, nil, true
		case "00099-Nobody":
			return lookup.Match{}, &lookup.NotFoundError{Spec: s, Value: "00099-Nobody"}, true
		case "00014-Acme":
			return lookup.Match{}, &lookup.RequestError{Err: errors.New("offline")}, true
		}
		return lookup.Match{}, nil, false
	}
	c := d.CountLookups(recs, known)
	if c.Resolved != 2 || c.Pending != 1 || c.Unanswered != 1 || len(c.Failed) != 1 ||
		c.Failed[0] != "record 2 (matter_number): no matter with display_number 00099-Nobody" {
		t.Errorf("count = %+v", c)
	}
	if s := c.String(); !strings.HasPrefix(s, "Look-ups: 2 of the first 5 records resolve (1 not looked up yet); Clio did not answer for 1") {
		t.Errorf("String = %q", s)
	}
	for i, want := range []string{"matter: 00042-Whitfield → 3009", "matter: 00099-Nobody → ✗ not found", "matter: 00013-Johnson → looking up…"} {
		if got := d.LookupsShown(recs[i], known, "looking up…"); len(got) != 1 || got[0] != want {
			t.Errorf("record %d shown %q, want %q", i+1, got, want)
		}
	}
}
