package sandbox

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	defaultPageLimit = 200
	maxPageLimit     = 200
	maxUserLimit     = 2000 // users.json allows bigger pages
)

// listParams are query parameters with a meaning of their own, never filters.
var listParams = map[string]bool{
	"fields": true, "limit": true, "page_token": true, "order": true, "query": true, "ids[]": true,
}

// searchAttrs are the attributes `query` matches, per kind.
var searchAttrs = map[string][]string{
	"matters":               {"display_number", "description"},
	"users":                 {"name", "email"},
	"contacts":              {"name", "primary_email_address"},
	"activities":            {"note"},
	"tasks":                 {"name", "description"},
	"activity_descriptions": {"name"},
	"task_types":            {"name"},
	"expense_categories":    {"name"},
	"custom_fields":         {"name"},
}

// list answers a collection with Clio's cursor paging: records in ID order,
// meta.paging.next holding the URL of the next page while there is one.
func (s *Server) list(c *apiCall) *reply {
	q := c.r.URL.Query()
	limit := defaultPageLimit
	maxLimit := maxPageLimit
	if c.kind == "users" {
		maxLimit = maxUserLimit
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			return apiError(http.StatusBadRequest, "BadRequest", "limit must be an integer from 1 to "+strconv.Itoa(maxLimit))
		}
		limit = n
	}
	desc := false
	switch q.Get("order") {
	case "", "id(asc)":
	case "id(desc)":
		desc = true
	default:
		return apiError(http.StatusBadRequest, "BadRequest", "order "+q.Get("order")+" is not supported by the sandbox; use id(asc) or id(desc)")
	}
	var after int64
	if tok := q.Get("page_token"); tok != "" {
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		id, perr := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || perr != nil {
			return apiError(http.StatusBadRequest, "BadRequest", "page_token is not one the sandbox issued")
		}
		after = id
	}
	match, err := s.matcher(c.kind, q)
	if err != nil {
		return apiError(http.StatusBadRequest, "BadRequest", err.Error())
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var page []*object
	total := 0
	more := false
	if coll, ok := s.st.kinds[c.kind]; ok {
		n := len(coll.ids)
		for i := range n {
			idx := i
			if desc {
				idx = n - 1 - i
			}
			o := coll.items[coll.ids[idx]]
			if !match(o) {
				continue
			}
			total++
			if after != 0 && ((!desc && o.id <= after) || (desc && o.id >= after)) {
				continue
			}
			if len(page) == limit {
				more = true
				continue
			}
			page = append(page, o)
		}
	}
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i, o := range page {
		if i > 0 {
			b.WriteByte(',')
		}
		s.render(&b, c.kind, o, c.fields, c.hours())
	}
	b.WriteString(`],"meta":{"paging":{`)
	if more {
		b.WriteString(`"next":`)
		writeValue(&b, nextURL(c.r, page[len(page)-1].id))
	}
	b.WriteString(`},"records":`)
	b.WriteString(strconv.Itoa(total))
	b.WriteString(`}}`)
	return jsonReply(http.StatusOK, b.Bytes())
}

// nextURL is this request's URL with the cursor moved past lastID.
func nextURL(r *http.Request, lastID int64) string {
	q := r.URL.Query()
	q.Set("page_token", base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(lastID, 10))))
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// sinceParams filter by a time attribute: created_since keeps objects
// created at or after its instant, as Clio does.
var sinceParams = map[string]string{"created_since": "created_at", "updated_since": "updated_at"}

// matcher builds the filter for `query`, `ids[]`, `{link}_id`, `created_since`,
// `updated_since` and plain attribute parameters.
func (s *Server) matcher(kind string, q url.Values) (func(*object) bool, error) {
	text := strings.ToLower(strings.TrimSpace(q.Get("query")))
	ids := map[int64]bool{}
	for _, v := range q["ids[]"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids[id] = true
		}
	}
	type eq struct {
		attr, value string
		link        bool
	}
	var eqs []eq
	since := map[string]time.Time{}
	for k, vs := range q {
		if listParams[k] || len(vs) == 0 {
			continue
		}
		if attr, ok := sinceParams[k]; ok {
			t, err := time.Parse(time.RFC3339, vs[0])
			if err != nil {
				return nil, fmt.Errorf("%s must be an ISO-8601 timestamp (e.g. 2024-03-04T10:00:00Z), not %q", k, vs[0])
			}
			since[attr] = t
			continue
		}
		if base, ok := strings.CutSuffix(k, "_id"); ok && (linkKinds[base] != "" || base == "assignee") {
			eqs = append(eqs, eq{attr: base, value: vs[0], link: true})
			continue
		}
		eqs = append(eqs, eq{attr: k, value: vs[0]})
	}
	return func(o *object) bool {
		if len(ids) > 0 && !ids[o.id] {
			return false
		}
		for attr, t := range since {
			v, _ := o.attrs[attr].(string)
			at, err := time.Parse(time.RFC3339, v)
			if err != nil || at.Before(t.Truncate(time.Second)) {
				return false
			}
		}
		if text != "" {
			if s.unindexed(o) {
				return false
			}
			found := false
			for _, a := range searchAttrs[kind] {
				if v, ok := o.attrs[a].(string); ok && strings.Contains(strings.ToLower(v), text) {
					found = true
					break
				}
			}
			if !found && kind == "matters" {
				found = s.clientNamed(o, text)
			}
			if !found && kind == "contacts" {
				found = anyEmailHolds(o, text)
			}
			if !found {
				return false
			}
		}
		for _, e := range eqs {
			v, present := o.attrs[e.attr]
			if e.link {
				id, ok := linkID(v)
				if !ok || strconv.FormatInt(id, 10) != e.value {
					return false
				}
				continue
			}
			if !present {
				continue // a parameter the sandbox does not model filters nothing
			}
			var b bytes.Buffer
			writeValue(&b, v)
			if !strings.EqualFold(strings.Trim(b.String(), `"`), e.value) {
				return false
			}
		}
		return true
	}, nil
}

// clientNamed reports whether a matter's client's name holds text (lower
// case): Clio's matter query matches the client's name too, so a look-up by
// a piece of a display number can meet matters of a client so named. Called
// with s.mu held, as the list's filter is.
func (s *Server) clientNamed(o *object, text string) bool {
	id, ok := linkID(o.attrs["client"])
	if !ok {
		return false
	}
	c, ok := s.st.get("contacts", id)
	if !ok {
		return false
	}
	name, _ := c.attrs["name"].(string)
	return strings.Contains(strings.ToLower(name), text)
}

// unindexed reports whether o is too new for query= to find it yet
// (Config.SearchLag).
func (s *Server) unindexed(o *object) bool {
	return s.cfg.SearchLag > 0 && !o.made.IsZero() && s.cfg.Now().Before(o.made.Add(s.cfg.SearchLag))
}
