package deliver

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Pacer holds the workers to Clio's rate limit, shared by every request of
// a run (writes, in-doubt look-ups), so that each window's whole allowance
// is used and none is exceeded. It learns the limit and the window from
// the X-RateLimit-* headers of each answer.
//
// A window opens with the first request after the previous one reset (a
// fixed window, as Clio's and the sandbox's). The pacer sends that request
// alone — the probe — and holds the others until it is answered: an answer
// with Remaining = Limit-1 dates the window by the probe. The window's
// allowance then goes at once, as fast as the workers send (a burst):
// X-RateLimit-Remaining less the requests still in flight. When it is
// spent, every worker waits until the window has certainly reset, and the
// next probe opens the next window.
//
// X-RateLimit-Reset has whole-second precision, too coarse to date a short
// window by itself. The window's length is learnt instead: each probe sent
// at s and answered at r with reset header h bounds it within (h - r,
// h + 1 - s), and the bounds of successive windows narrow it; a whole
// number of seconds inside the bounds is taken when there is one (the
// largest, to be safe). The reset then certainly passed by min(h + 1,
// r + length). A window the pacer did not see open (a previous run or a
// test send opened it) is trusted as its headers say, up to h + 1. A 429
// holds everyone until min(Retry-After, h + 1), not the whole rounded-up
// Retry-After, and then only a probe goes: one 429 per window at most,
// unless the limit drops or another client spends the window while a burst
// is in flight (those requests are already sent).
//
// When answers show requests the pacer did not send while its window is
// open (another run on the same token spends it too), the burst stops: the
// requests left are spread evenly until the reset. Answers without
// rate-limit headers turn pacing off.
type Pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu       sync.Mutex
	changed  chan struct{} // closed (and replaced) when a probe is settled
	seq      int64         // tickets handed out so far
	inflight int           // tickets handed out, neither observed nor cancelled
	blocked  time.Time     // Retry-After: nobody sends before

	// Held workers, and the time they stood held for a known time (a
	// reset, a 429, a shared token's spread) as a wall-clock union: the
	// clock runs while at least one worker is so held, so it never exceeds
	// the elapsed time, and a worker whose run stopped counts only until
	// then. Waiting for a probe's answer is waiting for Clio, not for its
	// limit: it is not counted.
	holds     map[int64]time.Time // held workers → until when (zero: the probe's answer)
	holdSeq   int64
	timed     int       // holds with a known end
	heldSince time.Time // when timed last rose from 0
	waited    time.Duration

	unlimited bool // answers carry no rate-limit headers: no pacing
	limit     int  // requests per window; 0 until known
	// What the windows seen so far allow of the window's length; wHi == 0
	// while unknown.
	wLo, wHi time.Duration

	probe    int64     // ticket opening the next window, answered yet or not; 0 when none
	open     bool      // a window is open and dated
	first    int64     // seq of the open window's first ticket
	sent     int       // requests handed out in the last window opened
	left     int       // requests the server still allows in the open window, less those in flight
	shared   bool      // the server counts requests we did not send: spread, no burst
	next     time.Time // shared: earliest time of the next request
	resetHi  time.Time // the open window has certainly reset by then
	resetHdr int64     // X-RateLimit-Reset of the open window
}

// Ticket is one acquired slot; hand it back with Observe (an answer) or
// Cancel (none).
type Ticket struct {
	seq  int64
	sent time.Time // the slot: the request leaves at or after it
}

// NewPacer returns a pacer with no knowledge of the limit: its first
// request goes alone, and its answer tells the pacer more.
func NewPacer() *Pacer {
	return newPacer(time.Now, sleepCtx)
}

func newPacer(now func() time.Time, sleep func(context.Context, time.Duration) error) *Pacer {
	return &Pacer{now: now, sleep: sleep, changed: make(chan struct{}), holds: map[int64]time.Time{}}
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

// resetMargin is added to the certain reset: scheduling noise between the
// pacer's clock and the moment the request is written.
const resetMargin = 2 * time.Millisecond

// Acquire waits for this request's turn. The returned Ticket goes back to
// Observe with the answer, or to Cancel when there is none.
func (p *Pacer) Acquire(ctx context.Context) (Ticket, error) {
	p.mu.Lock()
	for {
		now := p.now()
		goes, until := p.turn(now)
		if goes {
			p.seq++
			p.inflight++
			t := Ticket{seq: p.seq, sent: now}
			p.mu.Unlock()
			if err := ctx.Err(); err != nil { // a run that stopped sends nothing more
				p.Cancel(t)
				return Ticket{}, err
			}
			return t, nil
		}
		if err := p.wait(ctx, now, until); err != nil {
			p.mu.Unlock()
			return Ticket{}, err
		}
	}
}

// turn decides whether a request may leave now, and counts it when it
// may; else it says until when to wait (zero: until the probe's answer),
// after which the caller asks again. Called with p.mu held.
func (p *Pacer) turn(now time.Time) (goes bool, until time.Time) {
	switch {
	case p.blocked.After(now):
		return false, p.blocked
	case p.unlimited:
		return true, time.Time{}
	case p.probe != 0 && !p.open:
		return false, time.Time{} // the window's probe is out
	}
	if p.open && p.left > 0 && now.Before(p.resetHi) {
		if p.shared {
			if p.next.After(now) {
				return false, p.next
			}
			p.next = now.Add(p.resetHi.Sub(now) / time.Duration(p.left))
		}
		p.left--
		p.sent++
		return true, time.Time{}
	}
	p.open = false // spent or over: the next request opens the next window
	if p.resetHi.After(now) {
		return false, p.resetHi
	}
	p.probe = p.seq + 1
	return true, time.Time{}
}

// wait holds the worker until until (zero: until the probe is settled) or
// until ctx ends. Called with p.mu held, which it releases meanwhile.
func (p *Pacer) wait(ctx context.Context, now, until time.Time) error {
	ch := p.changed
	h := p.hold(now, until)
	p.mu.Unlock()
	var err error
	if until.IsZero() {
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-ch:
		}
	} else {
		err = p.sleep(ctx, until.Sub(now))
	}
	p.mu.Lock()
	p.release(h)
	return err
}

// hold counts a worker as held from now until release; until is when it
// may go, zero while that hangs on the probe's answer. Called with p.mu held.
func (p *Pacer) hold(now, until time.Time) int64 {
	if !until.IsZero() {
		if p.timed == 0 {
			p.heldSince = now
		}
		p.timed++
	}
	p.holdSeq++
	p.holds[p.holdSeq] = until
	return p.holdSeq
}

// release ends a hold, at the clock's actual time: a worker woken early
// (its context ended) stops counting then. Called with p.mu held.
func (p *Pacer) release(h int64) {
	until := p.holds[h]
	delete(p.holds, h)
	if until.IsZero() {
		return
	}
	p.timed--
	if p.timed == 0 {
		if d := p.now().Sub(p.heldSince); d > 0 {
			p.waited += d
		}
	}
}

// window is the length the pacer works with: the largest whole number of
// seconds the bounds allow, else their upper bound.
func (p *Pacer) window() time.Duration {
	if n := math.Ceil(p.wHi.Seconds()) - 1; n >= 1 && time.Duration(n*float64(time.Second)) > p.wLo {
		return time.Duration(n * float64(time.Second))
	}
	return p.wHi
}

// settleProbe wakes the requests waiting for the probe t, if it is one.
func (p *Pacer) settleProbe(t Ticket) {
	if t.seq != p.probe {
		return
	}
	p.probe = 0
	close(p.changed)
	p.changed = make(chan struct{})
}

// Cancel hands back a ticket whose request got no answer (or was not sent).
// What it took of the window's allowance is not given back: the server may
// have counted it.
func (p *Pacer) Cancel(t Ticket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inflight--
	p.settleProbe(t)
}

// Observe feeds an answer's rate-limit state back.
func (p *Pacer) Observe(t Ticket, rl clio.RateLimit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.settleProbe(t)
	p.inflight--
	now := p.now()
	known := rl.Known && rl.Limit > 0
	if rl.RetryAfter > 0 {
		p.refused(t, now, rl, known)
		return
	}
	if !known {
		if p.limit == 0 {
			p.unlimited = true // no limit announced: nothing to pace
		}
		return
	}
	p.unlimited = false
	hdr := rl.Reset.Unix()
	if rl.Reset.IsZero() {
		hdr = now.Add(time.Minute).Unix()
	}
	isProbe := t.seq == p.probe
	switch {
	case hdr < p.resetHdr,
		hdr == p.resetHdr && !isProbe && (!p.open || t.seq < p.first):
		return // a straggler from a window already over
	}
	// The requests still in flight may not be counted in Remaining yet.
	others := p.inflight
	hdrTime := time.Unix(hdr, 0)
	switch {
	case isProbe && rl.Remaining == rl.Limit-1 && hdr != p.resetHdr:
		// The probe opened the window: date it, learn its length.
		lo, hi := hdrTime.Sub(now), hdrTime.Add(time.Second).Sub(t.sent)
		if p.wHi == 0 || lo > p.wHi || hi < p.wLo || rl.Limit != p.limit {
			p.wLo, p.wHi = lo, hi
		} else {
			p.wLo, p.wHi = max(p.wLo, lo), min(p.wHi, hi)
		}
		p.openWindow(t, rl, others, hdr)
		if r := now.Add(p.window()).Add(resetMargin); r.Before(p.resetHi) {
			p.resetHi = r
		}
	case p.open && hdr == p.resetHdr && !isProbe:
		// Inside the open window. Without other clients the server has
		// counted at most every request handed out, so it reports at least
		// what is left; less means someone else spends the window too:
		// spread what is left rather than race them.
		if rl.Remaining < p.left {
			p.limit = rl.Limit
			p.left = rl.Remaining - others
			if !p.shared {
				p.shared, p.next = true, now
			}
		}
	default:
		// A window we did not see open (a previous run or a test send on
		// this token, a request of ours that arrived after the reset), or
		// a probe that found the old window still open: trust the header,
		// its reset rounded up.
		p.openWindow(t, rl, others, hdr)
	}
}

// openWindow makes the window whose answer to t said rl the open one: what
// it allows less the others requests still in flight, to be sent in a
// burst; certainly reset by the end of the header's second. Called with
// p.mu held.
func (p *Pacer) openWindow(t Ticket, rl clio.RateLimit, others int, hdr int64) {
	p.limit = rl.Limit
	p.open, p.shared = true, false
	p.first, p.sent, p.left = t.seq, 1+others, rl.Remaining-others
	p.resetHdr = hdr
	p.resetHi = time.Unix(hdr+1, 0).Add(resetMargin)
}

// refused holds everyone after a 429 until Retry-After, or until the reset
// header's second ends when that is sooner (Retry-After is rounded up to
// whole seconds). Called with p.mu held.
func (p *Pacer) refused(t Ticket, now time.Time, rl clio.RateLimit, known bool) {
	until := now.Add(rl.RetryAfter)
	if known && !rl.Reset.IsZero() {
		if hi := time.Unix(rl.Reset.Unix()+1, 0).Add(resetMargin); hi.Before(until) && hi.After(now) {
			until = hi
		}
	}
	if until.After(p.blocked) {
		p.blocked = until
	}
	p.resetHi = until // the latest word on the window: then the next probe goes
	if t.seq == p.probe {
		// The window had not reset when the probe left: the length bounds
		// were wrong (clock skew, a changed window). Relearn.
		p.wLo, p.wHi = 0, 0
	}
	p.open = false
}

// Pacing reports the limit as learnt and how the workers are held now:
// what progress shows as "paced to Clio's limit" or "Clio's limit resets
// in".
func (p *Pacer) Pacing() Pacing {
	p.mu.Lock()
	defer p.mu.Unlock()
	ps, _ := p.pacing()
	return ps
}

// Waiting is how long the longest-held worker still waits for its turn.
func (p *Pacer) Waiting() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, longest := p.pacing()
	return longest
}

// pacing is Pacing and Waiting's value. Called with p.mu held.
func (p *Pacer) pacing() (ps Pacing, longest time.Duration) {
	now := p.now()
	if p.unlimited {
		return Pacing{}, 0
	}
	ps.Limit, ps.Remaining, ps.Held = p.limit, max(p.left, 0), len(p.holds)
	ps.Sent = p.sent
	if p.wHi > 0 {
		ps.Window = p.window()
	}
	if p.resetHi.After(now) {
		ps.Reset = p.resetHi
	}
	until := p.blocked
	if (!p.open || p.left <= 0) && p.resetHi.After(until) {
		until = p.resetHi
	}
	ps.Blocked = until.After(now)
	first := true
	for _, u := range p.holds {
		if u.IsZero() {
			continue // waits for the probe's answer
		}
		d := max(u.Sub(now), 0)
		if first || d < ps.NextIn {
			ps.NextIn = d
		}
		first = false
		longest = max(longest, d)
	}
	if ps.Blocked && ps.Held > 0 {
		ps.NextIn = max(ps.NextIn, until.Sub(now))
		longest = max(longest, ps.NextIn)
	}
	return ps, longest
}

// ResetWait says what the workers wait for when the window is spent or
// Clio answered 429, with a countdown: "50 sent; Clio's limit resets in
// 41 s". It is empty when nobody waits, or for less than a second.
func (ps Pacing) ResetWait() string {
	if !ps.Blocked || ps.Held == 0 || ps.NextIn < time.Second {
		return ""
	}
	secs := math.Ceil(ps.NextIn.Seconds())
	if ps.Sent > 0 {
		return fmt.Sprintf("%d sent; Clio's limit resets in %.0f s", ps.Sent, secs)
	}
	return fmt.Sprintf("Clio's limit resets in %.0f s", secs)
}

// Waited is the wall-clock time during which at least one worker was held
// for the limit (the union of the workers' waits, not their sum), up to now.
func (p *Pacer) Waited() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.waited
	if p.timed > 0 {
		if d := p.now().Sub(p.heldSince); d > 0 {
			w += d
		}
	}
	return w
}
