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
	pg := c.Pages(path, q)
	for {
		items, more, err := pg.Next(ctx)
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := each(item); err != nil {
				return wrapf(err, "list %s, page %d", path, pg.n)
			}
		}
		if !more {
			return nil
		}
	}
}

// Pager reads a list endpoint one page (one request) at a time, so a caller
// can pace each request; List is its loop.
type Pager struct {
	c    *Client
	path string
	req  Request
	seen map[string]bool
	n    int // pages read
	done bool
}

// Pages starts reading a list endpoint with List's query defaults.
func (c *Client) Pages(path string, q url.Values) *Pager {
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
	return &Pager{c: c, path: path, req: Request{Method: http.MethodGet, Path: path, Query: query}, seen: map[string]bool{}}
}

// Next sends the next page's request and returns its objects; more says
// whether another page follows. After the last page it returns nothing.
func (pg *Pager) Next(ctx context.Context) (items []json.RawMessage, more bool, err error) {
	if pg.done {
		return nil, false, nil
	}
	path, n := pg.path, pg.n+1
	resp, err := pg.c.Do(ctx, pg.req)
	if err != nil {
		return nil, false, wrapf(err, "list %s, page %d", path, n)
	}
	var p page
	if err := json.Unmarshal(resp.Body, &p); err != nil {
		return nil, false, fmt.Errorf("clio: list %s, page %d: the answer is not a Clio list (%q): %w", path, n, Snippet(resp.Body), err)
	}
	pg.n = n // a failed page is asked again by the next call
	next := p.Meta.Paging.Next
	if next == "" {
		pg.done = true
		return p.Data, false, nil
	}
	nu, err := url.Parse(next)
	if err != nil || !nu.IsAbs() {
		return nil, false, fmt.Errorf("clio: list %s, page %d: the next-page link %q is not an absolute URL", path, n, Snippet([]byte(next)))
	}
	if !pg.c.host.Same(nu) {
		return nil, false, fmt.Errorf("clio: list %s, page %d: the next-page link points at %s, not %s: %w", path, n, nu.Scheme+"://"+nu.Host, pg.c.host, ErrForeignHost)
	}
	if pg.seen[next] {
		return nil, false, fmt.Errorf("clio: list %s, page %d: the next-page link repeats an earlier page; stopping to avoid a loop", path, n)
	}
	pg.seen[next] = true
	// The link carries the whole query (fields, limit, page_token).
	pg.req = Request{Method: http.MethodGet, Path: next}
	return p.Data, true, nil
}
