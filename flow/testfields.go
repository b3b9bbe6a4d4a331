package flow

import "strings"

// testFields are the attributes a test send asks Clio to return (its
// `fields` query), per template. Without them Clio answers with id and etag
// only, which tells the user little about the object the test made.
// Activation asks for nothing more: its ledger needs only id and etag.
var testFields = map[string]string{
	CreateActivity: "id,etag,type,date,quantity,total,matter{id,display_number}",
	UpdateActivity: "id,etag,type,date,quantity,total,matter{id,display_number}",
	CreateTask:     "id,etag,name,status,priority,due_at,assignee{id,name}",
	UpdateTask:     "id,etag,name,status,priority,due_at,assignee{id,name}",
	CreateContact:  contactFields,
	UpdateContact:  contactFields,
	CreateMatter:   matterFields,
	UpdateMatter:   matterFields,
}

const (
	contactFields = "id,etag,name,type,primary_email_address,primary_phone_number"
	matterFields  = "id,etag,display_number,description,status,client{id,name}"
)

// TestFields is the `fields` query a test send of this template asks Clio
// for, e.g. "id,etag,name,status,priority,due_at,assignee{id,name}".
func (t Template) TestFields() string { return testFields[t.Name] }

// WithTestFields returns c asking Clio to answer with the template's
// TestFields, so a test send shows what was made. Advanced endpoints, calls
// that name their own fields and calls without a body are returned as they
// are.
func (p *Planner) WithTestFields(c Call) Call {
	t, err := LookupTemplate(p.d.Endpoint.Template)
	if err != nil || c.Body == nil {
		return c
	}
	fields := t.TestFields()
	if p.d.HasCustomFields() && p.parent != "" {
		fields += "," + customFieldsAttr + "{field_name,value}" // what the custom fields became
	}
	return WithFields(c, fields)
}

// WithFields returns c with `fields=fields` added to its query, unless fields
// is empty or the call names its own fields. The value is kept readable
// (matter{id,display_number}) in URL and Path; Call.Request encodes it.
func WithFields(c Call, fields string) Call {
	if fields == "" || hasFieldsQuery(c.Path) {
		return c
	}
	add := func(u string) string {
		if u == "" {
			return u
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		return u + sep + "fields=" + fields
	}
	c.Path, c.URL = add(c.Path), add(c.URL)
	return c
}

func hasFieldsQuery(path string) bool {
	_, q, ok := strings.Cut(path, "?")
	if !ok {
		return false
	}
	for kv := range strings.SplitSeq(q, "&") {
		if k, _, _ := strings.Cut(kv, "="); k == "fields" {
			return true
		}
	}
	return false
}
