package sandbox

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// window is one token's fixed rate-limit window.
type window struct {
	start time.Time
	count int
}

// rateState is what the X-RateLimit-* headers report for one request.
type rateState struct {
	on        bool
	limit     int
	remaining int
	reset     time.Time
	allowed   bool
	now       time.Time
}

// takeLocked counts a request against tok's fixed window; requests refused
// with 429 do not count, so a waiting client is not punished for asking.
func (s *Server) takeLocked(tok string, now time.Time) rateState {
	if s.cfg.RateLimit < 0 {
		return rateState{allowed: true}
	}
	w, ok := s.windows[tok]
	if !ok {
		w = &window{start: now}
		s.windows[tok] = w
	}
	if !now.Before(w.start.Add(s.cfg.RateWindow)) {
		w.start, w.count = now, 0
	}
	limit := s.cfg.RateLimit
	s.served++
	if f := s.cfg.Faults; f.RateDropAfter > 0 && s.served > f.RateDropAfter {
		limit = max(f.RateDropTo, 1)
	}
	st := rateState{on: true, limit: limit, reset: w.start.Add(s.cfg.RateWindow), now: now}
	if w.count >= limit {
		return st
	}
	w.count++
	st.allowed = true
	st.remaining = limit - w.count
	return st
}

// apply sets Clio's rate-limit headers, and Retry-After on a refusal.
func (st rateState) apply(rep *reply) {
	if !st.on {
		return
	}
	rep.setHeader("X-RateLimit-Limit", strconv.Itoa(st.limit))
	rep.setHeader("X-RateLimit-Remaining", strconv.Itoa(st.remaining))
	rep.setHeader("X-RateLimit-Reset", strconv.FormatInt(st.reset.Unix(), 10))
	if !st.allowed {
		rep.setHeader("Retry-After", strconv.Itoa(st.retryAfter()))
	}
}

// retryAfter is the whole seconds until the window resets, at least 1.
func (st rateState) retryAfter() int {
	secs := int(math.Ceil(st.reset.Sub(st.now).Seconds()))
	return max(secs, 1)
}

func (st rateState) refusal() *reply {
	return apiError(http.StatusTooManyRequests, "RateLimited",
		"Rate limit exceeded. Retry in "+strconv.Itoa(st.retryAfter())+" seconds.")
}
