package clio

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Rules where Clio's OpenAPI description and Clio itself part ways. They
// live here, beside the validator, so cliodest, its sandbox and its tests
// agree on them.

// typeRule is a requirement that depends on the object's type: the
// description lists the union as always required, Clio asks for each only
// with its type.
type typeRule struct {
	attr  string              // the attribute that decides, e.g. "type"
	needs map[string][]string // its value → what that value requires
}

// typeRules, by "METHOD path". A Note of type Matter belongs to a matter and
// one of type Contact to a contact: the description marks both required for
// every note, so a matter note would need an unrelated contact.
var typeRules = map[string]typeRule{
	"POST /notes.json": {attr: "type", needs: map[string][]string{"Matter": {"matter"}, "Contact": {"contact"}}},
}

// relaxed reports whether name, listed as required, is required only by
// type under a rule of this operation.
func (r typeRule) relaxed(name string) bool {
	for _, ns := range r.needs {
		for _, n := range ns {
			if n == name {
				return true
			}
		}
	}
	return false
}

// requiredByType adds what the object's type requires (the relaxed
// attributes left out of the general check).
func (v *validator) requiredByType(r typeRule, m map[string]any, path string) {
	t, _ := m[r.attr].(string)
	for _, name := range r.needs[t] {
		val, ok := m[name]
		switch {
		case !ok:
			v.add(path+"."+name, fmt.Sprintf("missing %s.%s: a %s of %s %s needs it", path, name, strings.ToLower(kindOf(v.op.Path)), r.attr, t))
		case val == nil:
			v.add(path+"."+name, path+"."+name+" must not be null")
		}
	}
}

// kindOf names the object a path creates: "/notes.json" → "Note".
func kindOf(path string) string {
	base := strings.TrimSuffix(strings.TrimPrefix(path, "/"), ".json")
	base, _, _ = strings.Cut(base, "/")
	base = strings.TrimSuffix(base, "s")
	if base == "" {
		return "object"
	}
	return strings.ToUpper(base[:1]) + base[1:]
}

// A doubtful rule is one the description states but Clio is known not to
// hold to (or the description contradicts itself). Breaking it is a
// warning that says why: the record is sent and Clio's answer decides.
type doubtful struct {
	ops    []string // "METHOD path"
	attr   string   // attribute path below data, "[]" for array elements
	reason string
}

var doubtfulRules = map[string]doubtful{
	"due_at date": {ops: []string{"POST /tasks.json", "PATCH /tasks/{id}.json"}, attr: "due_at",
		reason: "the description types due_at as a date-time but says it \"expects an ISO-8601 date\"; Clio takes a plain date"},
	"person name": {ops: []string{"POST /contacts.json"}, attr: "name",
		reason: "Clio builds a Person's name from first_name and last_name"},
	"custom field value id": {ops: []string{"POST /activities.json", "PATCH /activities/{id}.json", "POST /contacts.json", "PATCH /contacts/{id}.json",
		"POST /matters.json", "PATCH /matters/{id}.json", "POST /tasks.json", "PATCH /tasks/{id}.json"}, attr: "custom_field_values[].id",
		reason: "Clio answers a custom field value's id as a string (\"text_line-55001\") and takes it back so, though requests type it as an integer"},
}

// doubt reports the doubtful rule, if any, that covers path in this
// operation; path is the problem's place ("data.due_at", "data[2].name").
func (v *validator) doubt(rule, path string) (doubtful, bool) {
	d, ok := doubtfulRules[rule]
	if !ok || !d.applies(v.op) || attrOf(path) != d.attr {
		return doubtful{}, false
	}
	return d, true
}

func (d doubtful) applies(op *Operation) bool {
	key := op.Method + " " + op.Path
	for _, o := range d.ops {
		if o == key {
			return true
		}
	}
	return false
}

var indexRe = regexp.MustCompile(`\[\d+\]`)

// attrOf turns a problem's place into the attribute it names: the leading
// data (or data[N]) dropped, array indexes as [].
func attrOf(path string) string {
	p := strings.TrimPrefix(path, "data")
	if strings.HasPrefix(p, "[") {
		if i := strings.IndexByte(p, ']'); i >= 0 {
			p = p[i+1:]
		}
	}
	return indexRe.ReplaceAllString(strings.TrimPrefix(p, "."), "[]")
}

// warnDoubtful records a broken doubtful rule as a warning with its reason.
func (v *validator) warnDoubtful(d doubtful, path, msg string) {
	v.warn(path, msg+" (a doubtful rule: "+d.reason+"; sent, and Clio's answer decides)")
}

// plainDate reports whether s is a date alone (YYYY-MM-DD).
func plainDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
