package sandbox

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestListenAndServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := New(Config{})
	base, wait, err := ListenAndServe(ctx, ":0", s)
	if err != nil {
		t.Fatalf("ListenAndServe: %v", err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base URL %q, want loopback", base)
	}
	tok, _ := s.IssueToken()
	req, _ := http.NewRequest("GET", base+"/api/v4/users/who_am_i.json?fields=name", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"data":{"name":"Jane Doe"}}` {
		t.Fatalf("who_am_i: %s", body)
	}

	// The same port again is in use: a clear error.
	addr := strings.TrimPrefix(base, "http://")
	if _, _, err := ListenAndServe(ctx, addr, New(Config{})); err == nil || !strings.Contains(err.Error(), addr) {
		t.Fatalf("second bind: %v, want an error naming %s", err, addr)
	}
	if _, _, err := ListenAndServe(ctx, "nonsense", s); err == nil {
		t.Fatalf("bad address accepted")
	}

	cancel()
	if err := wait(); err != nil {
		t.Fatalf("wait: %v", err)
	}
	if err := wait(); err != nil {
		t.Fatalf("second wait: %v", err)
	}
	if _, err := http.Get(base + "/api/v4/users/who_am_i.json"); err == nil {
		t.Fatalf("server still answers after shutdown")
	}
}
