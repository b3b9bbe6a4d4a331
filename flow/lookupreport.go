package flow

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// KnownLookup answers a look-up from what was looked up so far: ok is false
// for a value not looked up (yet).
type KnownLookup func(s lookup.Spec, v any) (m lookup.Match, err error, ok bool)

// LookupsShown says what each value rec's mapping looks up found, for a
// sample: "matter: 00042-Whitfield → 3009", "→ not found", "→ ambiguous";
// a value known has not answered says pending.
func (d *Destination) LookupsShown(rec nexset.Record, known KnownLookup, pending string) []string {
	var out []string
	for _, lv := range d.LookupValues(rec) {
		t, _ := lookup.Text(lv.Value)
		what := strings.TrimSuffix(lv.Target, ".id")
		if what == "id" {
			what = strings.TrimSuffix(lv.Spec.Collection, "s")
		}
		res := pending
		if m, err, ok := known(lv.Spec, lv.Value); ok {
			res = lookupOutcome(m, err)
		}
		out = append(out, fmt.Sprintf("%s: %s → %s", what, t, res))
	}
	return out
}

// lookupOutcome is a look-up's answer in a few words.
func lookupOutcome(m lookup.Match, err error) string {
	var (
		nf *lookup.NotFoundError
		am *lookup.AmbiguousError
		re *lookup.RequestError
	)
	switch {
	case err == nil:
		return strconv.FormatInt(m.ID, 10)
	case errors.As(err, &nf):
		return "✗ not found"
	case errors.As(err, &am):
		return "✗ ambiguous"
	case errors.As(err, &re):
		return LookedUpWhenSent + " (Clio did not answer)"
	}
	return "✗ " + err.Error()
}

// LookupCount is how the look-ups of some records turned out.
type LookupCount struct {
	Records  int // records counted
	Resolved int // records whose every look-up found its one object
	Pending  int // records with a value not looked up yet
	// Unanswered are records with a value Clio could not be asked about
	// (offline, a refused token): looked up again when sent.
	Unanswered int
	Failed     []string // records with a value not found or ambiguous, one line each
}

// CountLookups counts how recs' look-ups resolve from what known knows, the
// word a screen gives on a lookup mapping ("18 of the first 20 records
// resolve").
func (d *Destination) CountLookups(recs []nexset.Record, known KnownLookup) LookupCount {
	c := LookupCount{Records: len(recs)}
	for _, r := range recs {
		failed, pending, unanswered := "", false, false
		for _, lv := range d.LookupValues(r) {
			_, err, ok := known(lv.Spec, lv.Value)
			var re *lookup.RequestError
			if !ok {
				pending = true
				continue
			}
			if errors.As(err, &re) {
				unanswered = true
				continue
			}
			if err != nil {
				failed = fmt.Sprintf("record %d (%s): %v", r.Pos, lv.Source, err)
				break
			}
		}
		switch {
		case failed != "":
			c.Failed = append(c.Failed, failed)
		case pending:
			c.Pending++
		case unanswered:
			c.Unanswered++
		default:
			c.Resolved++
		}
	}
	return c
}

// String says it: "Look-ups: 18 of the first 20 records resolve".
func (c LookupCount) String() string {
	s := fmt.Sprintf("Look-ups: %d of the first %d records resolve", c.Resolved, c.Records)
	if c.Pending > 0 {
		s += fmt.Sprintf(" (%d not looked up yet)", c.Pending)
	}
	if c.Unanswered > 0 {
		s += fmt.Sprintf("; Clio did not answer for %d: %s", c.Unanswered, LookedUpWhenSent)
	}
	return s
}
