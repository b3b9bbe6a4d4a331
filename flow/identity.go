package flow

import (
	"fmt"
	"net/url"
	"strings"
)

// Identity is what binds a ledger's rows to records and to Clio's objects:
// the key attribute (which record a row stands for) and the endpoint's
// method and collection (where its object lives). A ledger remembers it;
// a run after it changed would take delivered records for new ones.
type Identity struct {
	Key        string `json:"key"`        // nexset.key; "" = a hash of content and position
	Method     string `json:"method"`     // the endpoint's HTTP method
	Collection string `json:"collection"` // the endpoint's collection ("activities")
}

// Identity is the destination's identity as the planner resolved it.
func (p *Planner) Identity() Identity {
	return Identity{Key: p.d.Nexset.Key, Method: p.r.method, Collection: collectionOf(p.r.url.String())}
}

// collectionOf is the first path segment after /api/v4/ ("activities" for
// /api/v4/activities/{record.id}.json), or the whole path elsewhere.
func collectionOf(rawURL string) string {
	path := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Path != "" {
		path = u.Path
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	rest, ok := strings.CutPrefix(path, apiPrefix+"/")
	if !ok {
		return path
	}
	seg, _, _ := strings.Cut(rest, "/")
	return strings.TrimSuffix(seg, ".json")
}

// Changes says, one line each, how b differs from a (the identity a ledger
// remembers), in the destination file's words.
func (a Identity) Changes(b Identity) []string {
	var out []string
	if a.Key != b.Key {
		out = append(out, fmt.Sprintf("nexset.key was %s, now %s", describeKey(a.Key), describeKey(b.Key)))
	}
	if a.Method != b.Method || a.Collection != b.Collection {
		out = append(out, fmt.Sprintf("the endpoint was %s %s, now %s %s", a.Method, a.Collection, b.Method, b.Collection))
	}
	return out
}

func describeKey(k string) string {
	if k == "" {
		return "not set (a record's key is then a hash of its content and position)"
	}
	return fmt.Sprintf("%q", k)
}
