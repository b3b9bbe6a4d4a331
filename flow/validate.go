package flow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// Validate finds every problem of a destination: its settings (as Load
// does, plus warnings), and, against sample records from its Nexset, required
// attributes nothing fills, attributes the mapping, URL or key name but the
// records lack, records that cannot be built, and the catalogue's verdict on
// each sample request. Problems about records name their line.
func Validate(d *Destination, recs []nexset.Record) Problems { return ValidateWith(d, recs, nil) }

// ValidateWith is Validate with the planner made by lookups (nil: as it
// is), which can give it lookups (Planner.WithSampleLookups).
func ValidateWith(d *Destination, recs []nexset.Record, lookups func(*Planner) *Planner) Problems {
	ps := checkConfig(d)
	if len(ps.Errors()) > 0 {
		return ps
	}
	p, err := d.Plan()
	if err != nil {
		if ie, ok := err.(*InvalidError); ok {
			return append(ps, ie.Problems...)
		}
		return append(ps, Problem{Message: err.Error()})
	}
	if len(recs) == 0 {
		return ps
	}
	if lookups != nil {
		p = lookups(p)
	}
	schema := nexset.InferSchema(recs)
	have := map[string]bool{}
	for _, a := range schema.Attrs {
		if !Excluded(d.Exclude, a.Path) {
			have[a.Path] = true
		}
	}
	inNexset := func(path string) bool {
		if have[path] {
			return true
		}
		for h := range have { // a parent object present counts (matter → matter.id)
			if strings.HasPrefix(h, path+".") || strings.HasPrefix(path, h+".") {
				return true
			}
		}
		return false
	}
	n := len(recs)
	for i, m := range d.Mapping {
		if !m.Const && !Excluded(d.Exclude, m.Source) && !inNexset(m.Source) {
			ps = append(ps, Problem{Field: fmt.Sprintf("mapping[%d].source", i+1), Warning: true,
				Message: fmt.Sprintf("%s is not in the Nexset's first %d records", m.Source, n)})
		}
	}
	if k := d.Nexset.Key; k != "" && !inNexset(k) {
		ps = append(ps, Problem{Field: "nexset.key", Message: fmt.Sprintf("%s is not in the Nexset's first %d records", k, n)})
	}
	for _, a := range p.r.url.Attrs() {
		if !inNexset(a) && !Excluded(d.Exclude, a) { // excluded: checkURLExcluded says so
			field := "endpoint.url"
			if d.IsTemplate() {
				field = "endpoint.id"
			}
			ps = append(ps, Problem{Field: field, Message: fmt.Sprintf("record.%s is not in the Nexset's first %d records", a, n)})
		}
	}
	if op := p.Operation(); op != nil && p.Method() != "DELETE" {
		for _, req := range op.RequiredPaths() {
			if mappedTo(d.Mapping, req) {
				continue
			}
			if p.pass && inNexset(req) && !slices.Contains(p.consumed, req) {
				continue
			}
			ps = append(ps, Problem{Field: "mapping", Message: fmt.Sprintf("required attribute %s has no mapping and the Nexset has no %s", req, req)})
		}
	}
	calls, fails := p.assemble(recs, false)
	for _, f := range fails {
		// The field says where (record and line), so the message does not.
		ps = append(ps, Problem{Field: recordsField([]RecordRef{{Pos: f.Pos, Line: f.Line}}), Message: f.What()})
	}
	for _, c := range calls {
		where := recordsField(c.Records)
		for _, m := range c.Problems {
			ps = append(ps, Problem{Field: where, Message: "Clio would refuse it: " + m})
		}
		for _, m := range c.Warnings {
			ps = append(ps, Problem{Field: where, Message: m, Warning: true})
		}
	}
	return ps
}

func recordsField(refs []RecordRef) string {
	if len(refs) == 1 {
		return fmt.Sprintf("record %d (line %d)", refs[0].Pos, refs[0].Line)
	}
	return fmt.Sprintf("records %d–%d", refs[0].Pos, refs[len(refs)-1].Pos)
}

// mappedTo reports whether a mapping fills path, itself or through a parent
// or child (a constant object for assignee fills assignee.id).
func mappedTo(ms []Mapping, path string) bool {
	for _, m := range ms {
		if m.Target == path || strings.HasPrefix(path, m.Target+".") || strings.HasPrefix(m.Target, path+".") {
			return true
		}
	}
	return false
}
