package clio

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	bodies := map[string]string{
		"/api/v4/matters.json":               `{"data":[{"id":1,"display_number":"00001-Smith","description":"Smith v. Jones"},{"id":2,"display_number":"00002","description":null}],"meta":{"paging":{}}}`,
		"/api/v4/users.json":                 `{"data":[{"id":5,"name":"Ada Lovelace"},{"id":6,"name":"Grace Hopper"},{"id":7,"name":"Adam Smith"}],"meta":{"paging":{}}}`,
		"/api/v4/contacts.json":              `{"data":[{"id":8,"name":"Acme Ltd"}],"meta":{"paging":{}}}`,
		"/api/v4/activity_descriptions.json": `{"data":[{"id":9,"name":"Drafting"},{"id":10,"name":"Research"}],"meta":{"paging":{}}}`,
		"/api/v4/task_types.json":            `{"data":[{"id":11,"name":"Call"}],"meta":{"paging":{}}}`,
	}
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		reply(200, bodies[r.URL.Path])(w, r)
	})
	c := clientFor(t, rec.srv, &fakeTokens{})
	tests := []struct {
		kind, query string
		limit       int
		want        string
		path        string
		sent        url.Values // expected query parameters; "" value means absent
	}{
		{"matters", "smith", 10, "[{1 00001-Smith Smith v. Jones} {2 00002}]", "/api/v4/matters.json",
			url.Values{"fields": {"id,display_number,description"}, "query": {"smith"}, "limit": {"10"}, "order": {"id(asc)"}}},
		{"matters", "", 1, "[{1 00001-Smith Smith v. Jones}]", "/api/v4/matters.json",
			url.Values{"query": {""}, "limit": {"1"}}},
		{"users", "ada", 10, "[{5 Ada Lovelace} {7 Adam Smith}]", "/api/v4/users.json",
			url.Values{"fields": {"id,name"}, "query": {""}, "limit": {"200"}}},
		{"users", "ADA", 1, "[{5 Ada Lovelace}]", "/api/v4/users.json", nil},
		{"contacts", "acme", 0, "[{8 Acme Ltd}]", "/api/v4/contacts.json",
			url.Values{"query": {"acme"}, "limit": {"20"}}},
		{"activity_descriptions", "draft", 5, "[{9 Drafting}]", "/api/v4/activity_descriptions.json",
			url.Values{"order": {""}, "query": {""}}},
		{"task_types", "", 5, "[{11 Call}]", "/api/v4/task_types.json",
			url.Values{"fields": {"id,name"}, "limit": {"5"}}},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.query, func(t *testing.T) {
			before := len(rec.requests())
			items, err := c.Search(context.Background(), tt.kind, tt.query, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(items); got != tt.want {
				t.Errorf("items %s, want %s", got, tt.want)
			}
			r := rec.requests()[before]
			if r.Path != tt.path {
				t.Errorf("path %s", r.Path)
			}
			q, _ := url.ParseQuery(r.RawQuery)
			for k, v := range tt.sent {
				if v[0] == "" {
					if q.Has(k) {
						t.Errorf("%s sent: %s", k, r.RawQuery)
					}
				} else if q.Get(k) != v[0] {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v[0])
				}
			}
		})
	}
	_, err := c.Search(context.Background(), "invoices", "", 5)
	if err == nil || !strings.Contains(err.Error(), `"invoices"`) || !strings.Contains(err.Error(), "task_types") {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestSearchRejectsEntriesWithoutID(t *testing.T) {
	rec := newRecorder(t, reply(200, `{"data":[{"name":"x"}],"meta":{"paging":{}}}`))
	c := clientFor(t, rec.srv, &fakeTokens{})
	if _, err := c.Search(context.Background(), "users", "", 5); err == nil || !strings.Contains(err.Error(), "no numeric id") {
		t.Errorf("error %v", err)
	}
}

func TestWhoAmI(t *testing.T) {
	tests := []struct {
		name    string
		answer  http.HandlerFunc
		want    User
		wantErr string
	}{
		{"ok", reply(200, `{"data":{"id":42,"name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace","email":"ada@example.com"}}`),
			User{ID: 42, Name: "Ada Lovelace", FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}, ""},
		{"refused", reply(401, `{"error":"invalid_token","error_description":"revoked"}`), User{}, "revoked"},
		{"no id", reply(200, `{"data":{"name":"x"}}`), User{}, "no user id"},
		{"not a user", reply(200, `{"data":[1]}`), User{}, "not a user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.answer)
			c := clientFor(t, rec.srv, staticTokens{&fakeTokens{}})
			got, err := c.WhoAmI(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v", got)
			}
			r := rec.requests()[0]
			q, _ := url.ParseQuery(r.RawQuery)
			if r.Path != "/api/v4/users/who_am_i.json" || q.Get("fields") != "id,name,first_name,last_name,email" {
				t.Errorf("sent %s?%s", r.Path, r.RawQuery)
			}
		})
	}
}
