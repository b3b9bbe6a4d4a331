package flow

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/lookup"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Find-or-create (find_by, on_exists): before a create destination makes an
// object, it looks for one already in Clio whose field equals the record's
// value, by the lookups' exact rules (flow/lookup). None: the record is
// created. One: it is updated (PATCH /{collection}/{id}.json), skipped or
// failed, as on_exists says. Several: the record fails as ambiguous. This
// file holds the destination's side: the settings, their checks, the value
// each record is found by, and what a sample says it will do; flow/deliver
// runs it (findby.go there).

// FindBy says how a create destination finds an object already in Clio.
type FindBy struct {
	Source string `yaml:"source"` // the Nexset attribute holding the value (email)
	Lookup string `yaml:"lookup"` // lookup:COLLECTION.FIELD (lookup:contacts.email)
}

// OnExists is what a find-by destination does with a record whose object is
// already in Clio.
type OnExists string

const (
	ExistsUpdate OnExists = "update" // PATCH the object found with the record's body
	ExistsSkip   OnExists = "skip"   // leave it alone
	ExistsFail   OnExists = "fail"   // fail the record, naming the object
)

// OnExistsChoices lists the values of on_exists, for errors and help.
const OnExistsChoices = "update, skip or fail"

// ParseOnExists reads an on_exists value; "" is update.
func ParseOnExists(s string) (OnExists, error) {
	switch v := OnExists(strings.ToLower(strings.TrimSpace(s))); v {
	case "":
		return ExistsUpdate, nil
	case ExistsUpdate, ExistsSkip, ExistsFail:
		return v, nil
	}
	return "", fmt.Errorf("%q is not one of %s", s, OnExistsChoices)
}

// ParseFindBy reads --find-by SOURCE:lookup:COLLECTION.FIELD.
func ParseFindBy(s string) (FindBy, error) {
	src, conv, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || src == "" || !lookup.Is(conv) {
		return FindBy{}, fmt.Errorf("--find-by %q: write SOURCE:lookup:COLLECTION.FIELD, e.g. email:lookup:contacts.email (supported: %s)",
			s, strings.Join(lookup.Supported(), ", "))
	}
	return FindBy{Source: src, Lookup: conv}, nil
}

// spec is the find-by lookup (its checks have passed).
func (f *FindBy) spec() (lookup.Spec, error) {
	conv := strings.TrimSpace(f.Lookup)
	if !lookup.Is(conv) {
		conv = lookup.Prefix + conv
	}
	return lookup.Parse(conv)
}

// checkFindBy refuses find_by and on_exists settings that cannot work.
func checkFindBy(d *Destination, r *resolved) Problems {
	var ps Problems
	bad := func(field, format string, a ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	if _, err := ParseOnExists(d.OnExists); err != nil {
		bad("on_exists", "%v", err)
	}
	f := d.FindBy
	if f == nil {
		if d.OnExists != "" {
			bad("on_exists", "is read only with find_by (how an object already in Clio is found); add find_by or remove on_exists")
		}
		return ps
	}
	if !validSource(f.Source) {
		bad("find_by.source", "%q is not a Nexset attribute path like email", f.Source)
	}
	s, err := f.spec()
	if err != nil {
		bad("find_by.lookup", "%v", err)
	}
	if r == nil {
		return ps
	}
	switch p := (&Planner{d: d, r: r}); {
	case r.method != http.MethodPost:
		what := "an update template already names its object (endpoint.id)"
		if !d.IsTemplate() {
			what = fmt.Sprintf("a %s names its object in the URL", r.method)
		}
		bad("find_by", "%s: find_by is for create templates and Advanced POST endpoints", what)
	case p.updateOp() == nil:
		bad("find_by", "the endpoint %s %s does not create in a collection Clio can update (PATCH /{collection}/{id}.json), so an object found could not be updated", r.method, d.Endpoint.URL)
	case err == nil && s.Path() != p.Collection():
		bad("find_by.lookup", "%s finds %s, but the endpoint creates in %s: find by a field of that collection", s, strings.TrimPrefix(s.Path(), "/"), p.Collection())
	}
	if d.Batching.Enabled {
		bad("find_by", "each record is found or created on its own: turn batching off")
	}
	return ps
}

// FindSpec is the destination's find-by lookup and the attribute it reads;
// ok is false when it finds nothing before creating.
func (p *Planner) FindSpec() (s lookup.Spec, source string, ok bool) {
	if p.d.FindBy == nil {
		return lookup.Spec{}, "", false
	}
	s, err := p.d.FindBy.spec()
	return s, p.d.FindBy.Source, err == nil
}

// ExistsRule is what the destination does with a record whose object is
// already in Clio (update when unset).
func (p *Planner) ExistsRule() OnExists {
	r, _ := ParseOnExists(p.d.OnExists)
	return r
}

// findValue reads the record's find-by value: the raw text and its
// compared form. A blank value fails the record: it is never created
// "because nothing matched".
func (p *Planner) findValue(fields map[string]any) (raw, norm string, err error) {
	s, src, ok := p.FindSpec()
	if !ok {
		return "", "", nil
	}
	v, _ := nexset.Get(fields, src)
	norm, err = lookup.Normal(s, v)
	if errors.Is(err, lookup.ErrBlank) {
		return "", "", &AttrError{Attr: src, Reason: fmt.Sprintf("blank: find_by needs it to tell whether the %s is already in Clio; the record is not created without it", s.Singular())}
	}
	if err != nil {
		return "", "", &AttrError{Attr: src, Reason: fmt.Sprintf("%v (find_by %s)", err, s)}
	}
	raw, _ = lookup.Text(v)
	return raw, norm, nil
}

// FindChange warns when an update of an object found by raw would change
// the very field it is found by (a new e-mail written over the old one):
// allowed, but worth a look. "" when it would not.
func (p *Planner) FindChange(it Item) string {
	s, _, ok := p.FindSpec()
	if !ok || p.ExistsRule() != ExistsUpdate {
		return ""
	}
	var sent []string
	switch s.Collection + "." + s.Field {
	case "contacts.email":
		items, _ := it.Data["email_addresses"].([]any)
		for _, x := range items {
			if m, ok := x.(map[string]any); ok {
				if a, ok := m["address"].(string); ok {
					sent = append(sent, a)
				}
			}
		}
	default:
		if v, ok := it.Data[s.Field].(string); ok {
			sent = append(sent, v)
		}
	}
	if len(sent) == 0 {
		return ""
	}
	for _, v := range sent {
		if s.Same(v, it.Find) {
			return ""
		}
	}
	return fmt.Sprintf("find_by: the %s is found by %s %q, and the update sends %s %q: it changes the value it is found by",
		s.Singular(), s.Field, it.Find, s.Field, sent[0])
}

// findSample says what a sample's record will do: the object found and its
// PATCH, or the create. c is its create call; the call returned is what
// will be sent (the PATCH when an object is found and on_exists is update),
// and send is false when nothing will be (on_exists skip or fail). made
// holds the values earlier samples create (value → record), which a run
// finds in its own records before Clio's search does; nil for one record.
func (p *Planner) findSample(it Item, c Call, made map[string]int) (_ Call, find string, send bool) {
	s, _, ok := p.FindSpec()
	if !ok {
		return c, "", true
	}
	by := fmt.Sprintf("%s %s", s.Field, it.Find)
	if p.resolve == nil {
		return c, fmt.Sprintf("looks for a %s with %s when sent: none → %s %s; one → on_exists %s", s.Singular(), by, c.Method, c.URL, p.ExistsRule()), true
	}
	m, err := p.resolve(s, it.Find)
	var nf *lookup.NotFoundError
	var found, id string
	switch {
	case errors.As(err, &nf):
		pos, earlier := made[it.Ref.Find]
		if !earlier {
			if made != nil {
				made[it.Ref.Find] = it.Ref.Pos
			}
			return c, fmt.Sprintf("no %s with %s → %s %s", s.Singular(), by, c.Method, c.URL), true
		}
		found = fmt.Sprintf("no %s with %s in Clio yet: record %d creates it first", s.Singular(), by, pos)
		id = "{id}"
	case errors.Is(err, errDeferred):
		return c, fmt.Sprintf("looks for a %s with %s when sent (%s)", s.Singular(), by, LookedUpWhenSent), true
	case err != nil:
		c.Problems = append(c.Problems, "find_by: "+err.Error())
		return c, "", false
	default:
		found = fmt.Sprintf("finds %s by %s", s.Describe(m), by)
		id = strconv.FormatInt(m.ID, 10)
	}
	switch p.ExistsRule() {
	case ExistsSkip:
		return c, found + " → skipped (on_exists: skip)", false
	case ExistsFail:
		c.Problems = append(c.Problems, found+": the record fails (on_exists: fail)")
		return c, found + " → fails (on_exists: fail)", false
	}
	u, err := p.updateCallAt(it, id, p.updateOp())
	if err != nil {
		c.Problems = append(c.Problems, "find_by: "+err.Error())
		return c, found, false
	}
	if w := p.FindChange(it); w != "" {
		u.Warnings = append(u.Warnings, w)
	}
	return u, fmt.Sprintf("%s → %s %s", found, u.Method, u.URL), true
}

// findCall is findSample for a sample's call c among recs: the call that
// will be sent, what find_by makes of it ("" without find_by), and whether
// anything is sent. made is findSample's.
func (p *Planner) findCall(recs []nexset.Record, c Call, made map[string]int) (Call, string, bool) {
	if _, _, ok := p.FindSpec(); !ok || len(c.Records) != 1 {
		return c, "", true
	}
	for _, rec := range recs {
		if rec.Pos != c.Records[0].Pos {
			continue
		}
		it, f := p.Prepare(rec)
		if f != nil {
			return c, "", true
		}
		return p.findSample(it, c, made)
	}
	return c, "", true
}
