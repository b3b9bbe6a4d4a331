package deliver

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Pacer spreads requests over Clio's rate-limit window, shared by every
// worker. It learns the window from the X-RateLimit-* headers of each answer:
// the requests left are spaced evenly until the window resets, a window with
// none left is waited out, and a 429's Retry-After stops everyone.
//
// X-RateLimit-Reset has whole-second precision, too coarse for short
// windows. The pacer therefore dates a window by the request that opened it
// (the one answered with Remaining = Limit-1, sent at a time it knows to the
// nanosecond) and infers the window's length, a whole number of seconds,
// from the header. Should that guess be early, the 429 it earns (at most one
// per window) is obeyed.
type Pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu       sync.Mutex
	seq      int64     // requests acquired so far
	next     time.Time // earliest time of the next request
	blocked  time.Time // Retry-After: nobody sends before
	known    bool      // a window has been observed
	limit    int
	left     int       // requests we believe remain in the window
	reset    time.Time // when the window ends (our best estimate)
	resetHdr int64     // the header value of the current window, to tell windows apart
	dated    bool      // the current window was dated by the request that opened it
	waited   time.Duration
	last     time.Time // the last slot handed out
}

// Ticket is one acquired slot; hand it back with Observe.
type Ticket struct {
	seq  int64
	sent time.Time
}

// NewPacer returns a pacer with no knowledge of the limit: it lets requests
// through until the first answer tells it more.
func NewPacer() *Pacer {
	return newPacer(time.Now, sleepCtx)
}

func newPacer(now func() time.Time, sleep func(context.Context, time.Duration) error) *Pacer {
	return &Pacer{now: now, sleep: sleep}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// resetMargin is added to an inferred reset so clocks and scheduling noise
// land the first request of the next window after it, not before.
const resetMargin = 25 * time.Millisecond

// Acquire waits for this request's turn. The returned Ticket goes back to
// Observe with the answer.
func (p *Pacer) Acquire(ctx context.Context) (Ticket, error) {
	p.mu.Lock()
	now := p.now()
	at := now
	if p.next.After(at) {
		at = p.next
	}
	if p.blocked.After(at) {
		at = p.blocked
	}
	if p.known {
		if !at.Before(p.reset) {
			// The window is over: the next request opens a new one, whose
			// size we learn from its answer; until then, send one at a time.
			p.known = false
			p.next = at
		} else if p.left <= 0 {
			at = p.reset
			p.known, p.next = false, p.reset
		} else {
			gap := time.Duration(int64(p.reset.Sub(at)) / int64(p.left))
			p.next = at.Add(gap)
			p.left--
		}
	}
	// Time the pipeline stands idle because of the limit: the gap between
	// the previous slot and this one, beyond "now".
	from := now
	if p.last.After(from) {
		from = p.last
	}
	if at.After(from) {
		p.waited += at.Sub(from)
	}
	if at.After(p.last) {
		p.last = at
	}
	p.seq++
	t := Ticket{seq: p.seq, sent: at}
	p.mu.Unlock()
	if err := p.sleep(ctx, at.Sub(now)); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// Observe feeds an answer's rate-limit state back. Answers without the
// headers (no limit, or no answer at all) leave the pacer as it was.
func (p *Pacer) Observe(t Ticket, rl clio.RateLimit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rl.RetryAfter > 0 {
		if until := p.now().Add(rl.RetryAfter); until.After(p.blocked) {
			p.blocked = until
		}
	}
	if !rl.Known || rl.Limit <= 0 {
		return
	}
	hdr := rl.Reset.Unix()
	after := int(p.seq - t.seq) // acquired after this request: perhaps not counted yet
	if p.resetHdr != 0 && (hdr < p.resetHdr || (!p.known && hdr == p.resetHdr)) {
		return // a straggler from a window already over
	}
	switch {
	case rl.Remaining == rl.Limit-1 && !rl.Reset.IsZero() && (hdr != p.resetHdr || !p.dated):
		// This request opened a new window; date it by the request.
		w := math.Floor(float64(hdr) + 1 - float64(t.sent.UnixNano())/1e9)
		if w < 1 {
			w = 1
		}
		p.known, p.limit, p.resetHdr, p.dated = true, rl.Limit, hdr, true
		p.reset = t.sent.Add(time.Duration(w*float64(time.Second)) + resetMargin)
		p.left = rl.Limit - int(p.seq-t.seq) - 1
	case p.known && hdr == p.resetHdr:
		if l := rl.Remaining - after; l < p.left {
			p.left = l
		}
	case hdr != p.resetHdr || !p.known:
		// A window we did not see open (another run used the token): trust
		// the header, rounded up so we never send before the reset.
		p.known, p.limit, p.resetHdr, p.dated = true, rl.Limit, hdr, false
		if rl.Reset.IsZero() {
			p.reset = p.now().Add(time.Minute)
		} else {
			p.reset = time.Unix(hdr+1, 0).Add(resetMargin)
		}
		p.left = rl.Remaining - after
	}
	if rl.RetryAfter > 0 {
		p.left = 0
	}
}

// Waiting reports how long from now the next request must wait, when it
// must: what progress shows as "waiting for Clio's rate limit".
func (p *Pacer) Waiting() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	until := p.blocked
	if p.known && p.left <= 0 && p.reset.After(until) {
		until = p.reset
	}
	if d := until.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Waited is the total time the requests stood idle because of the limit.
func (p *Pacer) Waited() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waited
}
