package sandbox

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// syncBuffer lets the server write the log while the test reads it afterwards.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRequestLog(t *testing.T) {
	var log syncBuffer
	e := newEnv(t, Config{Log: &log, RateLimit: -1})
	e.call("POST", "/api/v4/activities.json?fields=id", "{\n \"data\": {\"type\":\"TimeEntry\",\"date\":\"2025-03-01\"}\n}")
	e.call("POST", "/api/v4/tasks.json", `{"data":{"name":"x"}}`)
	resp, err := http.PostForm(e.srv.URL+"/oauth/token?access_token=leak", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {"SECRET-R"}, "client_id": {"app"}, "client_secret": {"SECRET-C"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	text := log.String()
	for _, secret := range []string{"SECRET-R", "SECRET-C", "leak", e.token} {
		if strings.Contains(text, secret) {
			t.Fatalf("log holds a secret %q:\n%s", secret, text)
		}
	}
	entries, err := ReadLog(strings.NewReader(text))
	if err != nil {
		t.Fatalf("ReadLog: %v", err)
	}
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3:\n%s", len(entries), text)
	}
	tests := []struct {
		method, path string
		status       int
		id           int64
		body         string
	}{
		{"POST", "/api/v4/activities.json?fields=id", 201, FirstActivityID, `{"data":{"type":"TimeEntry","date":"2025-03-01"}}`},
		{"POST", "/api/v4/tasks.json", 422, 0, `{"data":{"name":"x"}}`},
		{"POST", "/oauth/token?access_token=%2A%2A%2A", 400, 0, `"client_id=app\u0026client_secret=%2A%2A%2A\u0026grant_type=refresh_token\u0026refresh_token=%2A%2A%2A"`},
	}
	for i, tt := range tests {
		got := entries[i]
		if got.Method != tt.method || got.Path != tt.path || got.Status != tt.status || got.ID != tt.id || string(got.Body) != tt.body || got.Time.IsZero() {
			t.Errorf("entry %d = %+v (body %s), want %+v", i, got, got.Body, tt)
		}
	}
	if _, err := ReadLog(strings.NewReader("{\"method\":\"GET\"}\nnot json\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("ReadLog on a bad line: %v, want an error naming line 2", err)
	}
}

func TestDropIsLogged(t *testing.T) {
	var log syncBuffer
	e := newEnv(t, Config{Log: &log, RateLimit: -1, Faults: Faults{DropRate: 1}})
	if fates := e.fates(1); fates[0] != 0 {
		t.Fatalf("DropRate 1 answered %d", fates[0])
	}
	entries, err := ReadLog(strings.NewReader(log.String()))
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries %v, %v", entries, err)
	}
	if e0 := entries[0]; e0.Status != 0 || e0.Fault != "drop" || e0.ID != FirstActivityID {
		t.Fatalf("dropped create logged as %+v; want status 0, fault drop and the created ID", e0)
	}
}
