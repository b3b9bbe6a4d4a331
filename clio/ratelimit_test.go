package clio

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header map[string]string
		want   RateLimit
	}{
		{"none", nil, RateLimit{}},
		{"all", map[string]string{"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "1772452860"},
			RateLimit{Limit: 50, Remaining: 7, Reset: time.Unix(1772452860, 0), Known: true}},
		{"lower-case names", map[string]string{"x-ratelimit-limit": "50", "x-ratelimit-remaining": "0"},
			RateLimit{Limit: 50, Remaining: 0, Known: true}},
		{"limit only is not known", map[string]string{"X-RateLimit-Limit": "50"}, RateLimit{}},
		{"garbage", map[string]string{"X-RateLimit-Limit": "fifty", "X-RateLimit-Remaining": "-1", "X-RateLimit-Reset": "soon"}, RateLimit{}},
		{"retry seconds", map[string]string{"Retry-After": "30", "X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0"},
			RateLimit{Limit: 50, Known: true, RetryAfter: 30 * time.Second}},
		{"retry date", map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)},
			RateLimit{RetryAfter: 90 * time.Second}},
		{"retry date past", map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}, RateLimit{}},
		{"retry negative", map[string]string{"Retry-After": "-5"}, RateLimit{}},
		{"retry huge", map[string]string{"Retry-After": "99999999999999999999"}, RateLimit{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h[k] = []string{v} // raw keys: servers do not always canonicalise
			}
			got := parseRateLimit(canonical(h), now)
			if !got.Reset.Equal(tt.want.Reset) {
				t.Errorf("Reset %v, want %v", got.Reset, tt.want.Reset)
			}
			got.Reset, tt.want.Reset = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// canonical mimics what net/http does to received header names.
func canonical(h http.Header) http.Header {
	out := http.Header{}
	for k, vs := range h {
		for _, v := range vs {
			out.Add(k, v)
		}
	}
	return out
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 12 ", 12 * time.Second, true},
		{"1.5", 0, false},
		{now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{"Mon, 02 Mar 2026 11:00:00 GMT", 0, true},
		{"tomorrow", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
