package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseFields: any `fields` text gets a selection or an error, never a panic.
func FuzzParseFields(f *testing.F) {
	for _, s := range []string{"id,etag", "matter{id,display_number}", "a{b{c}}", "{", "}", ",", "x{", "user{}", "id,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		sel, err := parseFields("activities", raw)
		if err == nil && len(sel) == 0 {
			t.Fatalf("%q: no error and no fields", raw)
		}
	})
}

// FuzzWriteBody: any body sent to create or update is answered with a status
// in Clio's documented set and a JSON body, never a panic or a 5xx.
func FuzzWriteBody(f *testing.F) {
	for _, s := range []string{
		`{"data":{"type":"TimeEntry","date":"2025-03-01"}}`,
		`{"data":{"type":"TimeEntry","date":"2025-03-01","matter":{"id":"x"}}}`,
		`{"data":{"name":"n","description":"d","assignee":{"id":1001,"type":5}}}`,
		`{"data":{"matter":{"id":null},"user":{"id":1.5}}}`,
		`{"data":null}`, `[]`, `null`, `{"data":{"quantity":1e400}}`, "",
	} {
		f.Add("POST", "/api/v4/activities.json", s)
		f.Add("PATCH", "/api/v4/tasks/20001.json", s)
	}
	s := New(Config{RateLimit: -1})
	tok, _ := s.IssueToken()
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if !strings.HasPrefix(path, "/") {
			return
		}
		req, err := http.NewRequest(method, "http://sandbox"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Code < 200 {
			t.Fatalf("%s %s %q: status %d %s", method, path, body, rec.Code, rec.Body)
		}
	})
}
