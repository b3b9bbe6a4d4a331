package sandbox

import (
	"math/rand/v2"
	"net/http"
)

// faultPlan is what happens to one /api/v4 request.
type faultPlan struct {
	status int  // 500/502/503 answered before handling; 0 → none
	slow   bool // held for SlowDelay before handling
	drop   bool // handled, then the connection is closed without an answer
}

var faultStatuses = [...]int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}

func newFaultRNG(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x636c696f)) // fixed stream: same seed, same faults
}

// drawFaults always takes the same number of draws, so the n-th request meets
// the same fate for a given seed whichever rates are set.
func (s *Server) drawFaults() faultPlan {
	f := s.cfg.Faults
	if f.ErrorRate <= 0 && f.SlowRate <= 0 && f.DropRate <= 0 {
		return faultPlan{}
	}
	s.faultMu.Lock()
	e, kind, slow, drop := s.rng.Float64(), s.rng.IntN(len(faultStatuses)), s.rng.Float64(), s.rng.Float64()
	s.faultMu.Unlock()
	var p faultPlan
	if e < f.ErrorRate {
		p.status = faultStatuses[kind]
		return p
	}
	p.slow = slow < f.SlowRate && f.SlowDelay > 0
	p.drop = drop < f.DropRate
	return p
}

func faultReply(status int) *reply {
	rep := apiError(status, "InternalServerError", "injected fault: the sandbox answered "+http.StatusText(status))
	switch status {
	case http.StatusBadGateway:
		rep = apiError(status, "BadGateway", "injected fault: "+http.StatusText(status))
	case http.StatusServiceUnavailable:
		rep = apiError(status, "ServiceUnavailable", "injected fault: "+http.StatusText(status))
		rep.setHeader("Retry-After", "1")
	}
	return rep
}

// dropConn closes the connection without a response. Hijacking works for
// HTTP/1.x; elsewhere ErrAbortHandler makes net/http abort the stream.
func dropConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
