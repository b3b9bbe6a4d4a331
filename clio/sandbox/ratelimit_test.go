package sandbox

import (
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	clock := newFakeClock()
	e := newEnv(t, Config{Now: clock.Now})
	reset := clock.Now().Add(60 * time.Second).Unix()
	for i := 1; i <= 50; i++ {
		r := e.call("GET", "/api/v4/users/who_am_i.json", "")
		if r.status != 200 {
			t.Fatalf("request %d: %d %s", i, r.status, r.body)
		}
		if got := r.header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(50-i) {
			t.Fatalf("request %d: remaining %s, want %d", i, got, 50-i)
		}
		if r.header.Get("X-RateLimit-Limit") != "50" || r.header.Get("X-RateLimit-Reset") != strconv.FormatInt(reset, 10) {
			t.Fatalf("request %d: headers %v", i, r.header)
		}
		if i == 30 {
			clock.Advance(20 * time.Second) // still the same window
		}
	}
	r := e.call("GET", "/api/v4/users/who_am_i.json", "")
	typ, _ := r.apiErr(t)
	if r.status != 429 || typ != "RateLimited" || r.header.Get("Retry-After") != "40" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("51st request: %d %s Retry-After %q", r.status, r.body, r.header.Get("Retry-After"))
	}
	// Another token has its own window.
	other, _ := e.s.IssueToken()
	if r := e.call("GET", "/api/v4/users/who_am_i.json", "", "Authorization", "Bearer "+other); r.status != 200 {
		t.Fatalf("other token: %d", r.status)
	}
	clock.Advance(39*time.Second + 500*time.Millisecond)
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Fatalf("half a second before reset: %d Retry-After %q, want 429 and 1", r.status, r.header.Get("Retry-After"))
	}
	clock.Advance(500 * time.Millisecond)
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != 200 || r.header.Get("X-RateLimit-Remaining") != "49" {
		t.Fatalf("new window: %d remaining %q", r.status, r.header.Get("X-RateLimit-Remaining"))
	}
}

func TestRateLimitConfig(t *testing.T) {
	tests := []struct {
		name       string
		cfg        Config
		ok         int // requests answered 200 before a 429
		hasHeaders bool
	}{
		{"custom limit", Config{RateLimit: 3}, 3, true},
		{"off", Config{RateLimit: -1}, 60, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			for i := range tt.ok {
				r := e.call("GET", "/api/v4/task_types.json", "")
				if r.status != 200 || (r.header.Get("X-RateLimit-Limit") != "") != tt.hasHeaders {
					t.Fatalf("request %d: %d headers %v", i+1, r.status, r.header)
				}
			}
			if tt.hasHeaders {
				if r := e.call("GET", "/api/v4/task_types.json", ""); r.status != 429 {
					t.Fatalf("over the limit: %d", r.status)
				}
			}
		})
	}
}
