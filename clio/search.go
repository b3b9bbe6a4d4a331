package clio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// User is the person a token belongs to.
type User struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Email     string `json:"email"`
}

// WhoAmI asks Clio whose token this is: the cheapest check that a credential
// works.
func (c *Client) WhoAmI(ctx context.Context) (User, error) {
	data, _, err := c.Get(ctx, "/users/who_am_i.json", "id,name,first_name,last_name,email")
	if err != nil {
		return User{}, err // already names the method and the who_am_i URL
	}
	var u User
	if err := json.Unmarshal(data, &u); err != nil {
		return User{}, fmt.Errorf("clio: who am I: the answer is not a user (%q): %w", Snippet(data), err)
	}
	if u.ID == 0 {
		return User{}, fmt.Errorf("clio: who am I: the answer names no user id (%q)", Snippet(data))
	}
	return u, nil
}

// Item is one choice in a wizard picker.
type Item struct {
	ID    int64
	Label string
}

// searchKind says how to list and label one kind of object. Where Clio has
// no wildcard "query" parameter (users filter by exact name, activity
// descriptions not at all), the match is made here on the label instead.
type searchKind struct {
	path       string
	fields     string
	serverSide bool // Clio's "query" does the matching
	noOrder    bool // the endpoint documents no "order" parameter
	label      func(map[string]json.RawMessage) string
}

var searchKinds = map[string]searchKind{
	"matters": {path: "/matters.json", fields: "id,display_number,description", serverSide: true,
		label: func(o map[string]json.RawMessage) string {
			return strings.TrimSpace(str(o["display_number"]) + " " + str(o["description"]))
		}},
	"users":                 {path: "/users.json", fields: "id,name", label: nameLabel},
	"contacts":              {path: "/contacts.json", fields: "id,name", serverSide: true, label: nameLabel},
	"activity_descriptions": {path: "/activity_descriptions.json", fields: "id,name", noOrder: true, label: nameLabel},
	"task_types":            {path: "/task_types.json", fields: "id,name", serverSide: true, label: nameLabel},
}

// SearchKinds lists the kinds Search accepts.
func SearchKinds() []string {
	kinds := make([]string, 0, len(searchKinds))
	for k := range searchKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

func nameLabel(o map[string]json.RawMessage) string { return str(o["name"]) }

// str reads a JSON string, or "" for null, absent or another type.
func str(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// errEnough stops a listing once a search has its items.
var errEnough = errors.New("enough items")

// Search lists up to limit objects of kind (matters, users, contacts,
// activity_descriptions, task_types) matching query ("" matches all), as
// picker items. limit <= 0 means 20.
func (c *Client) Search(ctx context.Context, kind, query string, limit int) ([]Item, error) {
	k, ok := searchKinds[kind]
	if !ok {
		return nil, fmt.Errorf("clio: cannot search %q: use one of %s", kind, strings.Join(SearchKinds(), ", "))
	}
	if limit <= 0 {
		limit = 20
	}
	query = strings.TrimSpace(query)
	q := url.Values{"fields": {k.fields}, "limit": {strconv.Itoa(min(limit, DefaultPageSize))}}
	if !k.serverSide {
		q.Set("limit", strconv.Itoa(DefaultPageSize)) // matching here: read full pages
	}
	if k.serverSide && query != "" {
		q.Set("query", query)
	}
	if k.noOrder {
		q.Set("order", "")
	}
	needle := strings.ToLower(query)
	var items []Item
	err := c.List(ctx, k.path, q, func(raw json.RawMessage) error {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(raw, &o); err != nil {
			return fmt.Errorf("a %s entry is not an object (%q): %w", kind, Snippet(raw), err)
		}
		var id int64
		if err := json.Unmarshal(o["id"], &id); err != nil || id == 0 {
			return fmt.Errorf("a %s entry has no numeric id (%q)", kind, Snippet(raw))
		}
		label := k.label(o)
		if !k.serverSide && needle != "" && !strings.Contains(strings.ToLower(label), needle) {
			return nil
		}
		items = append(items, Item{ID: id, Label: label})
		if len(items) >= limit {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, wrapf(err, "search %s for %q", kind, query)
	}
	return items, nil
}
