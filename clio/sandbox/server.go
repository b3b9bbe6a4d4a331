package sandbox

import (
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// maxBody bounds request bodies; Clio objects are small.
const maxBody = 4 << 20

// Server is the sandbox; it implements http.Handler and is safe for concurrent use.
type Server struct {
	cfg Config

	mu      sync.Mutex // guards everything below
	st      *store
	tokens  map[string]*accessToken
	refresh map[string]*grant
	codes   map[string]*authCode
	windows map[string]*window
	served  int // API requests counted against a rate limit (Faults.RateDropAfter)

	faultMu sync.Mutex
	rng     *rand.Rand

	logMu sync.Mutex
}

// New returns a sandbox holding the seeded firm (Seed).
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:     cfg,
		st:      newStore(),
		tokens:  map[string]*accessToken{},
		refresh: map[string]*grant{},
		codes:   map[string]*authCode{},
		windows: map[string]*window{},
		rng:     newFaultRNG(cfg.Faults.Seed),
	}
	s.seedInto(cfg.Now())
	return s
}

// Count is the number of live records of a kind ("activities", "tasks", …).
func (s *Server) Count(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.st.kinds[kind]; ok {
		return len(c.items)
	}
	return 0
}

// Created is the number of creates ever accepted for a kind, deleted ones
// included: more than the records sent means something was sent twice.
func (s *Server) Created(kind string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.st.kinds[kind]; ok {
		return c.created
	}
	return 0
}

// ServeHTTP routes OAuth and API requests, applies faults and writes the log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	logging := s.cfg.Log != nil
	var entry LogEntry
	if logging {
		entry = LogEntry{Time: s.cfg.Now(), Method: r.Method, Path: r.URL.Path}
		if r.URL.RawQuery != "" {
			entry.Path += "?" + maskValues(r.URL.Query()).Encode()
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	var rep *reply
	var plan faultPlan
	switch {
	case err != nil:
		rep = apiError(http.StatusBadRequest, "BadRequest", "reading the request body: "+err.Error())
	case len(body) > maxBody:
		rep = apiError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "the request body exceeds 4 MiB")
	case strings.HasPrefix(r.URL.Path, "/oauth/"):
		rep = s.serveOAuth(r, body)
	case strings.HasPrefix(r.URL.Path, "/api/v4/"):
		plan = s.drawFaults()
		if plan.slow {
			entry.Fault = "slow"
			if !s.hold(r) {
				return // the client gave up; there is no one to answer
			}
		}
		if plan.status != 0 {
			entry.Fault = "error"
			rep = faultReply(plan.status)
		} else {
			rep = s.serveAPI(r, body)
		}
	default:
		rep = apiError(http.StatusNotFound, "NotFound", "no such path: "+r.URL.Path)
	}
	if logging {
		entry.Body = logBody(body, strings.HasPrefix(r.URL.Path, "/oauth/"))
		entry.ID = rep.createdID
	}
	if plan.drop {
		entry.Fault = "drop"
		s.logRequest(entry)
		dropConn(w)
		return
	}
	entry.Status = rep.status
	rep.write(w)
	s.logRequest(entry)
}

// hold waits SlowDelay (a server-side delay, not a test sleep); false when the request was cancelled.
func (s *Server) hold(r *http.Request) bool {
	t := time.NewTimer(s.cfg.Faults.SlowDelay)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
