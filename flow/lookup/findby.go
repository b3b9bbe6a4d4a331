package lookup

import "fmt"

// What find-or-create (flow's find_by) needs of a spec: the value in the
// form matches are told by, and the words its messages use.

// Normal is v as s compares it (an e-mail in lower case, a name trimmed
// and in lower case, a display number as written): two records whose
// values have one Normal find the same object. A blank v is ErrBlank.
func Normal(s Spec, v any) (string, error) {
	raw, err := Text(v)
	if err != nil {
		return "", err
	}
	f, ok := collections[s.Collection].fields[s.Field]
	if !ok {
		_, err := Parse(s.Collection + "." + s.Field)
		return "", err
	}
	return normal(f.rule, raw), nil
}

// Path is the list path of the spec's collection ("/contacts.json").
func (s Spec) Path() string { return collections[s.Collection].path }

// Singular names one object of the spec's collection ("contact").
func (s Spec) Singular() string { return collections[s.Collection].singular }

// Same reports whether a and b are one value under s's rule.
func (s Spec) Same(a, b string) bool {
	f := collections[s.Collection].fields[s.Field]
	return normal(f.rule, a) == normal(f.rule, b)
}

// Describe names an object found: "contact 901 (Dana Whitfield)".
func (s Spec) Describe(m Match) string {
	if m.Label == "" {
		return fmt.Sprintf("%s %d", s.Singular(), m.ID)
	}
	return fmt.Sprintf("%s %d (%s)", s.Singular(), m.ID, m.Label)
}
