package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for expiry and rate-limit windows.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// env is a sandbox served over HTTP with a ready token.
type env struct {
	t     *testing.T
	s     *Server
	srv   *httptest.Server
	token string
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	s := New(cfg)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	tok, _ := s.IssueToken()
	return &env{t: t, s: s, srv: srv, token: tok}
}

// result is a decoded answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer %d is not JSON: %v: %s", r.status, err, r.body)
	}
	return m
}

// apiErr returns the {"error":{"type","message"}} of an answer.
func (r result) apiErr(t *testing.T) (typ, msg string) {
	t.Helper()
	var m struct {
		Error struct{ Type, Message string } `json:"error"`
	}
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer %d is not Clio's error shape: %v: %s", r.status, err, r.body)
	}
	return m.Error.Type, m.Error.Message
}

// call sends a request with the env's token (unless header overrides Authorization).
func (e *env) call(method, path, body string, header ...string) result {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewBufferString(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read %s %s: %v", method, path, err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}
