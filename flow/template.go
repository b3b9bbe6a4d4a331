package flow

import (
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/clio"
)

// Template is one of the pre-built Clio endpoints.
type Template struct {
	Name    string // create_activity, …
	Title   string // "Create Activity"
	Method  string // POST or PATCH
	Path    string // catalogue path, e.g. "/activities/{id}.json"
	NeedsID bool   // update templates put the object's ID in the URL
}

// Template names.
const (
	CreateActivity = "create_activity"
	UpdateActivity = "update_activity"
	CreateTask     = "create_task"
	UpdateTask     = "update_task"
	CreateContact  = "create_contact"
	UpdateContact  = "update_contact"
	CreateMatter   = "create_matter"
	UpdateMatter   = "update_matter"
)

var templates = []Template{
	{Name: CreateActivity, Title: "Create Activity", Method: "POST", Path: "/activities.json"},
	{Name: UpdateActivity, Title: "Update Activity", Method: "PATCH", Path: "/activities/{id}.json", NeedsID: true},
	{Name: CreateTask, Title: "Create Task", Method: "POST", Path: "/tasks.json"},
	{Name: UpdateTask, Title: "Update Task", Method: "PATCH", Path: "/tasks/{id}.json", NeedsID: true},
	{Name: CreateContact, Title: "Create Contact", Method: "POST", Path: "/contacts.json"},
	{Name: UpdateContact, Title: "Update Contact", Method: "PATCH", Path: "/contacts/{id}.json", NeedsID: true},
	{Name: CreateMatter, Title: "Create Matter", Method: "POST", Path: "/matters.json"},
	{Name: UpdateMatter, Title: "Update Matter", Method: "PATCH", Path: "/matters/{id}.json", NeedsID: true},
}

// Templates lists the templates in picker order.
func Templates() []Template { return append([]Template(nil), templates...) }

// TemplateNames lists the template names.
func TemplateNames() []string {
	out := make([]string, len(templates))
	for i, t := range templates {
		out[i] = t.Name
	}
	return out
}

// LookupTemplate finds a template by name.
func LookupTemplate(name string) (Template, error) {
	for _, t := range templates {
		if t.Name == name {
			return t, nil
		}
	}
	return Template{}, fmt.Errorf("unknown template %q (use one of %s)", name, strings.Join(TemplateNames(), ", "))
}

// Operation returns the catalogue operation the template sends to.
func (t Template) Operation() (*clio.Operation, error) {
	op, _, ok := clio.Lookup(t.Method, t.Path)
	if !ok {
		return nil, fmt.Errorf("template %s: %s %s is not in the catalogue", t.Name, t.Method, t.Path)
	}
	return op, nil
}

// Required lists the dotted paths the template's body must carry, e.g.
// "type", "date" or "assignee.id" (nested only under a present or required parent).
func (t Template) Required() []string {
	op, err := t.Operation()
	if err != nil {
		return nil
	}
	return RequiredPaths(op)
}

// RequiredPaths lists the dotted paths an operation's body data must carry.
func RequiredPaths(op *clio.Operation) []string { return op.RequiredPaths() }

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
