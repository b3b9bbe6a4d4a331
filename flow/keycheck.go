package flow

import (
	"fmt"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// KeyCheck is what the records read say of an attribute chosen as the
// record key: a key identifies each record, so its values must all differ
// and none may be blank.
type KeyCheck struct {
	Attr     string
	Records  int    // records read
	Distinct int    // distinct values among them
	Blank    int    // records where it is missing, null or blank
	Absent   int    // records that do not have it at all (counted in Blank too)
	Repeated string // a value found in more than one record; "" when none
}

// CheckKey counts attr's values among recs by their text ("6" and 6 are
// the same key, as in delivery).
func CheckKey(recs []nexset.Record, attr string) KeyCheck {
	k := KeyCheck{Attr: attr, Records: len(recs)}
	seen := make(map[string]bool, len(recs))
	for _, r := range recs {
		v, ok := nexset.Get(r.Fields, attr)
		if !ok {
			k.Blank++
			k.Absent++
			continue
		}
		s, err := scalarText(v)
		if err != nil {
			k.Blank++
			continue
		}
		if seen[s] {
			if k.Repeated == "" {
				k.Repeated = s
			}
			continue
		}
		seen[s] = true
		k.Distinct++
	}
	return k
}

// OK says the key identifies every record read.
func (k KeyCheck) OK() bool { return k.Records > 0 && k.Blank == 0 && k.Distinct == k.Records }

// String says what the check found, in one line: the warning when the
// attribute is no key, else its count.
func (k KeyCheck) String() string {
	switch {
	case k.Records == 0:
		return ""
	case k.Absent == k.Records:
		return fmt.Sprintf("%s is in none of the %s read: not a key (check its spelling against the Nexset's attributes)", k.Attr, plural(k.Records, "record"))
	case k.Distinct == 0:
		return fmt.Sprintf("%s is blank in all %s read: not a key", k.Attr, plural(k.Records, "record"))
	case k.Repeated != "":
		return fmt.Sprintf("%s has %s in %s read: not a key (%q repeats)",
			k.Attr, plural(k.Distinct, "distinct value"), plural(k.Records, "record"), k.Repeated)
	case k.Blank > 0:
		return fmt.Sprintf("%s is blank in %d of %s read: those records cannot be delivered", k.Attr, k.Blank, plural(k.Records, "record"))
	}
	return fmt.Sprintf("%s has %s in %s read", k.Attr, plural(k.Distinct, "distinct value"), plural(k.Records, "record"))
}

// UniqueKeys lists the attributes that could be keys among recs: present,
// never blank and different in every record, in the schema's order.
func UniqueKeys(recs []nexset.Record, schema nexset.Schema) []string {
	var out []string
	for _, a := range schema.Attrs {
		if CheckKey(recs, a.Path).OK() {
			out = append(out, a.Path)
		}
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// SuggestKey proposes a record key: an attribute named like an identifier
// (id, ref, *_id, *_ref) that is present, never blank and different in every
// record of recs; "" when none is. An ID of another object (matter_id,
// user_id) names what the record refers to, not the record, and is passed over.
func SuggestKey(recs []nexset.Record, schema nexset.Schema) string {
	best, rank := "", 0
	for _, a := range UniqueKeys(recs, schema) {
		n := Normalise(a)
		r := 0
		switch {
		case n == "id" || n == "ref":
			r = 3
		case strings.HasSuffix(n, "_ref"):
			r = 2
		case strings.HasSuffix(n, "_id") && !refersElsewhere(strings.TrimSuffix(n, "_id")):
			r = 1
		}
		if r > rank {
			best, rank = a, r
		}
	}
	return best
}

// refersElsewhere says whether an ID attribute named NAME_id is a reference
// to a Clio object (matter_id) rather than the record's own identity.
func refersElsewhere(name string) bool {
	switch name {
	case "matter", "user", "contact", "client", "activity_description", "task_type", "expense_category",
		"assignee", "practice_area", "bill", "category", "owner", "lawyer", "responsible_attorney", "originating_attorney":
		return true
	}
	return false
}

// KeyWhy says why a record key matters, for the places that suggest one.
const KeyWhy = "with a key, a record corrected in the Nexset updates the object it created; without one, records are known by their position, and a row inserted or removed shifts the rest"
