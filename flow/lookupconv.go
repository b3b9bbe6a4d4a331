package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// This file hooks lookup:COLLECTION.FIELD (flow/lookup) into mappings and
// the Planner: checked at load, resolved while a record is prepared.

// LookedUpWhenSent is what a sample shows for a lookup it could not make
// (no credential, or offline).
const LookedUpWhenSent = "looked up when sent"

// errDeferred marks a lookup left for the send: the planner has no resolver.
var errDeferred = errors.New(LookedUpWhenSent)

// errLookupHere is Convert asked for a lookup, which needs a Planner.
var errLookupHere = errors.New("a lookup is made when a record is prepared, with the credential's client")

// checkLookup says what is wrong with a mapping's lookup ("" when nothing,
// or when it is no lookup).
func checkLookup(m Mapping) string {
	if !lookup.Is(m.Convert) {
		return ""
	}
	if m.Const {
		return "a lookup converts a Nexset attribute; write a constant ID as the value itself"
	}
	if err := lookup.CheckTarget(m.Target); err != nil {
		return err.Error()
	}
	return ""
}

// WithLookups returns a planner that resolves lookup conversions with r
// (within ctx), for sending, and for samples that show the IDs found.
func (p *Planner) WithLookups(ctx context.Context, r *lookup.Resolver) *Planner {
	q := *p
	q.resolve = func(s lookup.Spec, v any) (lookup.Match, error) { return r.Resolve(ctx, s, v) }
	q.field = func(name string) (clio.CustomField, error) { return r.CustomField(ctx, p.parent, name) }
	return &q
}

// WithClientLookups is WithLookups with a fresh resolver on client c (a
// test send: the few values of one record, looked up before it is sent).
func (p *Planner) WithClientLookups(ctx context.Context, c *clio.Client) *Planner {
	if !p.d.HasLookups() || c == nil {
		return p
	}
	return p.WithLookups(ctx, lookup.NewResolver(lookup.Options{Client: c}))
}

// WithSampleLookups is WithLookups for samples (preview, validate): a
// look-up request that fails (offline, a refused token) leaves the value
// "looked up when sent" rather than failing the sample; values Clio has
// none or several of are still the sample's problem.
func (p *Planner) WithSampleLookups(ctx context.Context, r *lookup.Resolver) *Planner {
	q := p.WithKnownLookups(func(s lookup.Spec, v any) (lookup.Match, error, bool) {
		m, err := r.Resolve(ctx, s, v)
		return m, err, true
	})
	q.field = func(name string) (clio.CustomField, error) {
		f, err := r.CustomField(ctx, p.parent, name)
		var re *lookup.RequestError
		if errors.As(err, &re) {
			return f, errDeferred
		}
		return f, err
	}
	return q
}

// WithKnownLookups is for a screen that must not wait on Clio (the wizard,
// which looks values up in the background): known answers what was looked
// up so far; a value it does not know yet, or Clio could not answer, is
// "looked up when sent" in the samples. Custom fields stay for the send.
func (p *Planner) WithKnownLookups(known KnownLookup) *Planner {
	q := *p
	q.resolve = func(s lookup.Spec, v any) (lookup.Match, error) {
		m, err, ok := known(s, v)
		var re *lookup.RequestError
		if !ok || errors.As(err, &re) {
			return m, errDeferred
		}
		return m, err
	}
	return &q
}

// LookupValue is one value a record's mapping looks up.
type LookupValue struct {
	Target, Source string // matter.id ← matter_number
	Spec           lookup.Spec
	Value          any // as the record holds it
}

// LookupValues lists the values rec's mapping looks up, in mapping order:
// what a screen looks up ahead of the samples, and says it found. Blank and
// absent values, which are no look-up, are left out.
func (d *Destination) LookupValues(rec nexset.Record) []LookupValue {
	var out []LookupValue
	for _, m := range d.Mapping {
		if m.Const || !lookup.Is(m.Convert) {
			continue
		}
		s, err := lookup.Parse(m.Convert)
		v, ok := nexset.Get(rec.Fields, m.Source)
		if err != nil || !ok {
			continue
		}
		if _, err := lookup.Text(v); err != nil {
			continue
		}
		out = append(out, LookupValue{Target: m.Target, Source: m.Source, Spec: s, Value: v})
	}
	return out
}

// LookupsFor lists the lookup conversions that fit a target attribute
// (matter.id → lookup:matters.display_number), for pickers.
func LookupsFor(target string) []string {
	var out []string
	for _, s := range lookup.Fitting(target) {
		out = append(out, s.String())
	}
	return out
}

// SupportedLookups lists every COLLECTION.FIELD a lookup accepts.
func SupportedLookups() []string { return lookup.Supported() }

// LookupHelp says what a lookup conversion does, for pickers ("" when conv
// is no lookup).
func LookupHelp(conv string) string {
	s, err := lookup.Parse(conv)
	if !lookup.Is(conv) || err != nil {
		return ""
	}
	return fmt.Sprintf("finds Clio's ID of the one %s whose %s is the value (%s), once per distinct value; samples show it with a credential, else %q",
		strings.TrimSuffix(s.Collection, "s"), s.Field, s.Rule(), LookedUpWhenSent)
}

// HasLookups reports whether the destination looks anything up in Clio: a
// lookup conversion, a custom field's ID by its name, or find_by.
func (d *Destination) HasLookups() bool {
	if d.HasCustomFields() || d.FindBy != nil {
		return true
	}
	for _, m := range d.Mapping {
		if lookup.Is(m.Convert) {
			return true
		}
	}
	return false
}

// lookUp resolves one mapped value. Without a resolver it is errDeferred:
// samples say so, and the send paths refuse the record (lookupsReady).
func (p *Planner) lookUp(m Mapping, v any) (any, error) {
	s, err := lookup.Parse(m.Convert)
	if err != nil {
		return nil, err
	}
	if p.resolve == nil {
		if _, err := lookup.Text(v); err != nil {
			return nil, blankOr(err)
		}
		return nil, errDeferred
	}
	match, err := p.resolve(s, v)
	if err != nil {
		return nil, blankOr(err)
	}
	return match.ID, nil
}

// blankOr maps lookup's blank to the mapping's own.
func blankOr(err error) error {
	if errors.Is(err, lookup.ErrBlank) {
		return errBlank
	}
	return err
}

// convert applies a mapping's conversion to one value: a lookup, or any
// other conversion (convertFor).
func (p *Planner) convert(m Mapping, v any) (any, error) {
	if lookup.Is(m.Convert) {
		return p.lookUp(m, v)
	}
	return convertNum(m.Convert, v, p.targetAttr(m.Target), p.loc, p.num)
}

// CanLookUp reports whether the planner can make the lookups its mapping
// has (none, or a resolver given by WithLookups).
func (p *Planner) CanLookUp() bool { return p.lookupsReady() == nil }

// lookupsReady refuses to send when a lookup has no resolver: nothing that
// was not looked up is ever sent as an ID.
func (p *Planner) lookupsReady() error {
	if p.resolve == nil && p.d.HasLookups() {
		return fmt.Errorf("the destination looks up IDs in Clio (a lookup mapping or find_by), which needs the credential's client: nothing is sent without them")
	}
	return nil
}

// deferredProblem reports whether a catalogue problem is about a target
// whose lookup is left for the send, or an object holding it that nothing
// else fills (missing data.assignee.id, missing data.client for client.id):
// the sample says "looked up when sent" instead.
func (p *Planner) deferredProblem(msg string) bool {
	if p.resolve != nil {
		return false
	}
	for _, m := range p.d.Mapping {
		if !lookup.Is(m.Convert) {
			continue
		}
		for path := m.Target; path != ""; {
			if namesPath(msg, "data."+path) {
				return true
			}
			i := strings.LastIndexByte(path, '.')
			if i < 0 {
				break
			}
			path = path[:i]
		}
	}
	return false
}

// namesPath reports whether msg names the path itself, not a longer one.
func namesPath(msg, at string) bool {
	for rest := msg; ; {
		i := strings.Index(rest, at)
		if i < 0 {
			return false
		}
		rest = rest[i+len(at):]
		if rest == "" || !isPathChar(rest[0]) {
			return true
		}
	}
}

func isPathChar(c byte) bool {
	return c == '_' || c == '.' || c == '[' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// deferredNote is a sample's warning for a lookup left for the send.
func deferredNote(m Mapping, raw any) string {
	return fmt.Sprintf("%s: %s (%s %v)", m.Target, LookedUpWhenSent, m.Convert, quoteIfString(raw))
}
