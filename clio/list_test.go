package clio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// pagedServer serves three pages of ids 1..5 on /api/v4/things.json, each
// page's meta.paging.next made by nextLink (absolute, like Clio's).
func pagedServer(t *testing.T, nextLink func(base string, page int) string) *recorder {
	t.Helper()
	pages := [][]int{{1, 2}, {3, 4}, {5}}
	var rec *recorder
	rec = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		p := 0
		fmt.Sscan(r.URL.Query().Get("page_token"), &p)
		var out struct {
			Data []map[string]int `json:"data"`
			Meta map[string]any   `json:"meta"`
		}
		for _, id := range pages[p] {
			out.Data = append(out.Data, map[string]int{"id": id})
		}
		paging := map[string]string{}
		if p+1 < len(pages) {
			paging["next"] = nextLink(rec.srv.URL, p+1)
		}
		out.Meta = map[string]any{"paging": paging, "records": 5}
		b, _ := json.Marshal(out)
		reply(200, string(b))(w, r)
	})
	return rec
}

func cloudLink(base string, page int) string {
	return fmt.Sprintf("%s/api/v4/things.json?fields=id&limit=2&order=id(asc)&page_token=%d", base, page)
}

func TestListFollowsPages(t *testing.T) {
	rec := pagedServer(t, cloudLink)
	c := clientFor(t, rec.srv, &fakeTokens{})
	var ids []int
	err := c.List(context.Background(), "/things.json", url.Values{"fields": {"id"}}, func(raw json.RawMessage) error {
		var o struct{ ID int }
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		ids = append(ids, o.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(ids) != "[1 2 3 4 5]" {
		t.Errorf("ids %v", ids)
	}
	reqs := rec.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	first, _ := url.ParseQuery(reqs[0].RawQuery)
	if first.Get("order") != "id(asc)" || first.Get("limit") != "200" || first.Get("fields") != "id" {
		t.Errorf("first page query %s", reqs[0].RawQuery)
	}
	for i, r := range reqs[1:] {
		q, _ := url.ParseQuery(r.RawQuery)
		if q.Get("page_token") != fmt.Sprint(i+1) || r.Header.Get("Authorization") != "Bearer tok-1" {
			t.Errorf("page %d: %s %v", i+2, r.RawQuery, r.Header.Get("Authorization"))
		}
	}
}

func TestListQueryDefaults(t *testing.T) {
	tests := []struct {
		name  string
		q     url.Values
		order string
		has   bool
		limit string
	}{
		{"defaults", nil, "id(asc)", true, "200"},
		{"caller order and limit", url.Values{"order": {"name(asc)"}, "limit": {"5"}}, "name(asc)", true, "5"},
		{"no order", url.Values{"order": {""}}, "", false, "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, reply(200, `{"data":[],"meta":{"paging":{}}}`))
			c := clientFor(t, rec.srv, &fakeTokens{})
			if err := c.List(context.Background(), "/x.json", tt.q, func(json.RawMessage) error { return nil }); err != nil {
				t.Fatal(err)
			}
			q, _ := url.ParseQuery(rec.requests()[0].RawQuery)
			if q.Has("order") != tt.has || q.Get("order") != tt.order || q.Get("limit") != tt.limit {
				t.Errorf("query %v", q)
			}
		})
	}
}

func TestListFailures(t *testing.T) {
	stop := errors.New("stop here")
	tests := []struct {
		name     string
		server   func(t *testing.T) *recorder
		each     func(json.RawMessage) error
		want     string
		is       error
		requests int
	}{
		{"each stops", func(t *testing.T) *recorder { return pagedServer(t, cloudLink) },
			func(json.RawMessage) error { return stop }, "page 1", stop, 1},
		{"next on another host", func(t *testing.T) *recorder {
			return pagedServer(t, func(string, int) string { return "https://evil.example/api/v4/things.json?page_token=1" })
		}, nil, "evil.example", ErrForeignHost, 1},
		{"next not absolute", func(t *testing.T) *recorder {
			return pagedServer(t, func(string, int) string { return "/api/v4/things.json?page_token=1" })
		}, nil, "not an absolute URL", nil, 1},
		{"next repeats", func(t *testing.T) *recorder {
			return pagedServer(t, func(base string, _ int) string { return cloudLink(base, 1) })
		}, nil, "repeats", nil, 2},
		{"not a list", func(t *testing.T) *recorder { return newRecorder(t, reply(200, `<html>oops</html>`)) },
			nil, "not a Clio list", nil, 1},
		{"api error", func(t *testing.T) *recorder {
			return newRecorder(t, reply(400, `{"error":{"type":"BadRequest","message":"unknown field"}}`))
		}, nil, "unknown field", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.server(t)
			c := clientFor(t, rec.srv, &fakeTokens{})
			each := tt.each
			if each == nil {
				each = func(json.RawMessage) error { return nil }
			}
			err := c.List(context.Background(), "/things.json", nil, each)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%v is not %v", err, tt.is)
			}
			if n := len(rec.requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
		})
	}
}
