package clio

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is Clio's view of the token's request budget, read from the
// headers of one response. Clio counts per access token over a 60 s window
// and changes the cap without notice, so the headers are the only truth.
type RateLimit struct {
	Limit      int           // X-RateLimit-Limit: requests allowed in the window
	Remaining  int           // X-RateLimit-Remaining: requests left in the window
	Reset      time.Time     // X-RateLimit-Reset: when the window ends (zero when absent)
	RetryAfter time.Duration // Retry-After: how long to wait before the next request (429, 503)
	Known      bool          // the limit and remaining headers were present and valid
}

// ParseRateLimit reads the rate-limit headers of a response.
func ParseRateLimit(h http.Header) RateLimit { return parseRateLimit(h, time.Now()) }

func parseRateLimit(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	limit, okL := headerInt(h, "X-RateLimit-Limit")
	remaining, okR := headerInt(h, "X-RateLimit-Remaining")
	if okL && okR {
		rl.Limit, rl.Remaining, rl.Known = limit, remaining, true
	}
	if reset, ok := headerInt64(h, "X-RateLimit-Reset"); ok && reset > 0 {
		rl.Reset = time.Unix(reset, 0)
	}
	if d, ok := ParseRetryAfter(h.Get("Retry-After"), now); ok {
		rl.RetryAfter = d
	}
	return rl
}

// ParseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
// A date in the past means "now" (0, true); anything unreadable is (0, false).
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		// Refuse negatives and values that would overflow a Duration.
		if secs < 0 || secs > int64(time.Duration(1<<63-1)/time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

func headerInt(h http.Header, key string) (int, bool) {
	n, ok := headerInt64(h, key)
	if !ok || n > int64(^uint32(0)>>1) {
		return 0, false
	}
	return int(n), true
}

// headerInt64 parses a non-negative integer header; anything else is absent.
func headerInt64(h http.Header, key string) (int64, bool) {
	v := strings.TrimSpace(h.Get(key))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
