package lookup

import (
	"fmt"
	"slices"
	"strings"
)

// Prefix starts a lookup conversion in a mapping.
const Prefix = "lookup:"

// rule is how a record's value is compared with an object's field.
type rule int

const (
	exact rule = iota // as written (display numbers)
	fold              // case-insensitively, trimmed (e-mails)
	name              // case-insensitively, surrounding spaces trimmed (names)
)

// field is one field a collection can be looked up by.
type field struct {
	attr   string // Clio's attribute holding it
	rule   rule
	search bool // ask Clio with query=VALUE (else: list the collection in full)
}

// collection is one Clio collection lookups may read.
type collection struct {
	path     string
	singular string // for messages: "no matter with display_number …"
	label    string // the attribute naming a candidate in messages
	noOrder  bool   // the endpoint takes no order parameter
	fields   map[string]field
	targets  []string // the ID attributes it fits, for pickers
}

var collections = map[string]collection{
	"matters": {path: "/matters.json", singular: "matter", label: "display_number",
		fields:  map[string]field{"display_number": {attr: "display_number", rule: exact, search: true}},
		targets: []string{"matter.id"}},
	"users": {path: "/users.json", singular: "user", label: "name",
		fields:  map[string]field{"email": {attr: "email", rule: fold}, "name": {attr: "name", rule: name}},
		targets: []string{"user.id", "assignee.id", "assigner.id", "responsible_attorney.id", "originating_attorney.id"}},
	"contacts": {path: "/contacts.json", singular: "contact", label: "name",
		fields: map[string]field{"email": {attr: "primary_email_address", rule: fold, search: true},
			"name": {attr: "name", rule: name, search: true}},
		targets: []string{"contact.id", "client.id", "assignee.id"}},
	"activity_descriptions": {path: "/activity_descriptions.json", singular: "activity description", label: "name", noOrder: true,
		fields: map[string]field{"name": {attr: "name", rule: name}}, targets: []string{"activity_description.id"}},
	"expense_categories": {path: "/expense_categories.json", singular: "expense category", label: "name",
		fields: map[string]field{"name": {attr: "name", rule: name}}, targets: []string{"expense_category.id"}},
	"task_types": {path: "/task_types.json", singular: "task type", label: "name",
		fields: map[string]field{"name": {attr: "name", rule: name}}, targets: []string{"task_type.id"}},
}

// Spec is one lookup conversion: matters.display_number.
type Spec struct{ Collection, Field string }

// String writes the spec as a mapping does: lookup:matters.display_number.
func (s Spec) String() string { return Prefix + s.Collection + "." + s.Field }

// Is reports whether a conversion is a lookup.
func Is(conv string) bool { return strings.HasPrefix(conv, Prefix) }

// Supported lists every COLLECTION.FIELD a lookup accepts, sorted.
func Supported() []string {
	var out []string
	for c, col := range collections {
		for f := range col.fields {
			out = append(out, c+"."+f)
		}
	}
	slices.Sort(out)
	return out
}

// Parse reads "lookup:COLLECTION.FIELD"; an unsupported one is refused,
// listing what is supported.
func Parse(conv string) (Spec, error) {
	rest := strings.TrimSpace(strings.TrimPrefix(conv, Prefix))
	c, f, _ := strings.Cut(rest, ".")
	col, ok := collections[c]
	if ok {
		if _, ok = col.fields[f]; ok {
			return Spec{Collection: c, Field: f}, nil
		}
	}
	return Spec{}, fmt.Errorf("%q cannot be looked up: use lookup:COLLECTION.FIELD with one of %s", rest, strings.Join(Supported(), ", "))
}

// CheckTarget refuses a lookup into an attribute that is not an ID: the
// value found is Clio's id of an object, so the target is id or ends in .id.
func CheckTarget(target string) error {
	if target == "id" || strings.HasSuffix(target, ".id") {
		return nil
	}
	return fmt.Errorf("a lookup finds an object's ID, so its target must be an ID attribute like matter.id, not %s", target)
}

// Fitting lists the lookups that fit a target attribute (matter.id →
// lookup:matters.display_number), for pickers; nil when none does.
func Fitting(target string) []Spec {
	var out []Spec
	for c, col := range collections {
		if !slices.Contains(col.targets, target) {
			continue
		}
		for f := range col.fields {
			out = append(out, Spec{Collection: c, Field: f})
		}
	}
	slices.SortFunc(out, func(a, b Spec) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// Query says which Clio request a spec sends, for the documentation.
func (s Spec) Query() string {
	col := collections[s.Collection]
	f := col.fields[s.Field]
	if f.search {
		return fmt.Sprintf("GET %s?query=VALUE&fields=%s&order=id(asc)&limit=200, per distinct value", col.path, fieldsParam(col.label, f.attr))
	}
	attrs := []string{col.label}
	for _, g := range col.fields {
		attrs = append(attrs, g.attr)
	}
	order := "&order=id(asc)"
	if col.noOrder {
		order = ""
	}
	return fmt.Sprintf("GET %s?fields=%s%s&limit=200, the whole collection once per run", col.path, fieldsParam(attrs...), order)
}

// Rule says in words how a spec compares values.
func (s Spec) Rule() string {
	if collections[s.Collection].fields[s.Field].rule == exact {
		return "exactly as written"
	}
	return "ignoring case and surrounding spaces"
}
