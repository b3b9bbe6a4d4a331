package clio

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// DefaultPageSize is the limit List asks for: the largest page most list
// endpoints allow.
const DefaultPageSize = 200

// page is one answer of a list endpoint.
type page struct {
	Data []json.RawMessage `json:"data"`
	Meta struct {
		Paging struct {
			Next string `json:"next"`
		} `json:"paging"`
	} `json:"meta"`
}

// List reads every object of a list endpoint, calling each per element of
// "data", and follows meta.paging.next until Clio gives none. It asks for
// cursor paging (order=id(asc)) and DefaultPageSize objects per page unless q
// says otherwise; q with order set to "" sends no order, for endpoints that
// take none. An error from each stops the listing and is returned wrapped.
func (c *Client) List(ctx context.Context, path string, q url.Values, each func(json.RawMessage) error) error {
	query := url.Values{}
	for k, vs := range q {
		query[k] = append([]string(nil), vs...)
	}
	if !query.Has("order") {
		query.Set("order", "id(asc)")
	} else if query.Get("order") == "" {
		query.Del("order")
	}
	if !query.Has("limit") {
		query.Set("limit", fmt.Sprint(DefaultPageSize))
	}

	req := Request{Method: http.MethodGet, Path: path, Query: query}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		resp, err := c.Do(ctx, req)
		if err != nil {
			return wrapf(err, "list %s, page %d", path, n)
		}
		var p page
		if err := json.Unmarshal(resp.Body, &p); err != nil {
			return fmt.Errorf("clio: list %s, page %d: the answer is not a Clio list (%q): %w", path, n, Snippet(resp.Body), err)
		}
		for _, item := range p.Data {
			if err := each(item); err != nil {
				return wrapf(err, "list %s, page %d", path, n)
			}
		}
		next := p.Meta.Paging.Next
		if next == "" {
			return nil
		}
		nu, err := url.Parse(next)
		if err != nil || !nu.IsAbs() {
			return fmt.Errorf("clio: list %s, page %d: the next-page link %q is not an absolute URL", path, n, Snippet([]byte(next)))
		}
		if !c.host.Same(nu) {
			return fmt.Errorf("clio: list %s, page %d: the next-page link points at %s, not %s: %w", path, n, nu.Scheme+"://"+nu.Host, c.host, ErrForeignHost)
		}
		if seen[next] {
			return fmt.Errorf("clio: list %s, page %d: the next-page link repeats an earlier page; stopping to avoid a loop", path, n)
		}
		seen[next] = true
		// The link carries the whole query (fields, limit, page_token).
		req = Request{Method: http.MethodGet, Path: next}
	}
}
