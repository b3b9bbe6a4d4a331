package clio

import "strings"

// Leaf is one attribute a request's data can carry, flattened for mapping:
// every scalar, every free-form object and every array of scalars, with its
// dotted path. Elements of arrays of objects appear as "receivers[].id".
type Leaf struct {
	Path string // dotted path inside data: "date", "assignee.id", "receivers[].type"
	Attr *Attr  // the attribute's schema: Type, Format, Enum, NotNull, ...
	// Required is true when the attribute must be sent: it is required in its
	// object and so is every enclosing object (or array) up to data.
	Required bool
}

// Leaves lists every leaf attribute of the operation's data, depth-first in
// attribute-name order; nil when the operation takes no body.
func (op *Operation) Leaves() []*Leaf {
	if op == nil || op.Data == nil {
		return nil
	}
	var out []*Leaf
	walkLeaves(op.Data, "", true, &out)
	return out
}

func walkLeaves(a *Attr, prefix string, required bool, out *[]*Leaf) {
	for _, p := range a.Props {
		path := prefix + p.Name
		req := required && a.IsRequired(p.Name)
		switch {
		case p.Type == "object" && len(p.Props) > 0:
			walkLeaves(p, path+".", req, out)
		case p.Type == "array" && p.Items != nil && p.Items.Type == "object" && len(p.Items.Props) > 0:
			walkLeaves(p.Items, path+"[].", req, out)
		default:
			*out = append(*out, &Leaf{Path: path, Attr: p, Required: req})
		}
	}
}

// RequiredPaths lists the dotted paths that a body must carry, in the spec's
// order: for Create Task "name", "description", "assignee.id",
// "assignee.type". A required object whose own attributes are all optional
// is listed by itself.
func (op *Operation) RequiredPaths() []string {
	if op == nil || op.Data == nil {
		return nil
	}
	var out []string
	walkRequired(op.Data, "", &out)
	// What only the object's type requires (a Matter note's matter) is no
	// requirement of every record: Validate checks it per record.
	if rule, typed := typeRules[op.Method+" "+op.Path]; typed {
		kept := out[:0]
		for _, path := range out {
			top, _, _ := strings.Cut(path, ".")
			if !rule.relaxed(top) {
				kept = append(kept, path)
			}
		}
		out = kept
	}
	return out
}

func walkRequired(a *Attr, prefix string, out *[]string) {
	for _, name := range a.Required {
		p := a.Prop(name)
		path := prefix + name
		switch {
		case p == nil:
			*out = append(*out, path)
		case p.Type == "object" && len(p.Required) > 0:
			walkRequired(p, path+".", out)
		case p.Type == "array" && p.Items != nil && p.Items.Type == "object" && len(p.Items.Required) > 0:
			walkRequired(p.Items, path+"[].", out)
		default:
			*out = append(*out, path)
		}
	}
}
