package deliver

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Pacer spreads requests over Clio's rate-limit window, shared by every
// worker, so that each window's whole allowance is used and none is
// exceeded. It learns the limit and the window from the X-RateLimit-*
// headers of each answer.
//
// A window opens with the first request after the previous one reset (a
// fixed window, as Clio's and the sandbox's). The pacer sends that request
// alone — the probe — and holds the others until it is answered: an answer
// with Remaining = Limit-1 dates the window by the probe, to the
// nanosecond. The window's Limit requests then go on a grid, one every
// Window/Limit from the probe, so the last one leaves just before the reset
// and the next window's probe goes the moment the reset has certainly
// passed.
//
// X-RateLimit-Reset has whole-second precision, too coarse to date a short
// window by itself. The window's length is learnt instead: each probe sent
// at s and answered at r with reset header h bounds it within (h - r,
// h + 1 - s), and the bounds of successive windows narrow it; a whole
// number of seconds inside the bounds is taken when there is one (the
// largest, to be safe). The reset then certainly passed by min(h + 1,
// r + length). A probe answered 429 holds everyone until min(Retry-After,
// h + 1), not the whole rounded-up Retry-After; at most one 429 per window.
//
// When answers show requests the pacer did not send (another run on the
// same token), the grid is dropped: the requests left are spread evenly
// until the header's reset. Answers without rate-limit headers turn pacing
// off.
type Pacer struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	changed chan struct{} // closed (and replaced) when a probe is settled
	seq     int64         // tickets handed out so far
	blocked time.Time     // Retry-After: nobody sends before

	// Time workers actually stood held, as a wall-clock union: the clock
	// runs while at least one worker is held, so it never exceeds the
	// elapsed time, and a slot booked but never waited for (a ticket
	// cancelled by Ctrl-C or pause) counts only until it was cancelled.
	holds     map[int64]time.Time // held workers → when they may go (zero: the probe's answer)
	holdSeq   int64
	heldSince time.Time // when the number of held workers last rose from 0
	waited    time.Duration

	unlimited bool // answers carry no rate-limit headers: no pacing
	limit     int  // requests per window; 0 until known
	// What the windows seen so far allow of the window's length; wHi == 0
	// while unknown.
	wLo, wHi time.Duration

	probe     int64 // ticket opening the next window, answered yet or not; 0 when none
	open      bool  // a window is open and dated
	gridStart time.Time
	used      int         // slots handed out in the open window, the probe included
	left      int         // slots the server still allows in the open window
	slots     []time.Time // slot of each ticket of the open window, by seq - first
	first     int64       // seq of the open window's first ticket
	shared    bool        // the server counts requests we did not send: spread, no grid
	next      time.Time   // shared: earliest time of the next request
	resetHi   time.Time   // the open window has certainly reset by then
	resetHdr  int64       // X-RateLimit-Reset of the open window
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
		at := now
		if p.blocked.After(at) {
			at = p.blocked
		}
		if p.unlimited {
			return p.hand(ctx, now, at)
		}
		if p.probe != 0 && !p.open {
			// The window's probe is out: wait for its answer.
			ch := p.changed
			h := p.hold(now, time.Time{})
			p.mu.Unlock()
			var err error
			select {
			case <-ctx.Done():
				err = ctx.Err()
			case <-ch:
			}
			p.mu.Lock()
			p.release(h)
			if err != nil {
				p.mu.Unlock()
				return Ticket{}, err
			}
			continue
		}
		if p.open {
			slot, ok := p.slot(at)
			if ok {
				p.used++
				p.left--
				t, err := p.hand(ctx, now, slot)
				return t, err
			}
			p.open = false // spent or over: the next request opens the next window
		}
		if p.resetHi.After(at) {
			at = p.resetHi
		}
		p.probe = p.seq + 1
		return p.hand(ctx, now, at)
	}
}

// slot is the time of the open window's next request; ok is false when the
// window has none left.
func (p *Pacer) slot(at time.Time) (time.Time, bool) {
	if p.left <= 0 || !at.Before(p.resetHi) {
		return time.Time{}, false
	}
	var s time.Time
	if p.shared {
		s = at
		if p.next.After(s) {
			s = p.next
		}
		p.next = s.Add(time.Duration(int64(p.resetHi.Sub(s)) / int64(p.left)))
	} else {
		s = p.gridStart.Add(time.Duration(int64(p.window()) * int64(p.used) / int64(p.limit)))
		if at.After(s) {
			s = at
		}
	}
	if !s.Before(p.resetHi) {
		return time.Time{}, false
	}
	return s, true
}

// hand issues the next ticket for slot and, unlocked, sleeps until then.
// Called with p.mu held; returns with it released.
func (p *Pacer) hand(ctx context.Context, now, slot time.Time) (Ticket, error) {
	p.seq++
	t := Ticket{seq: p.seq, sent: slot}
	if p.open {
		p.slots = append(p.slots, slot)
	}
	var err error
	if slot.After(now) {
		h := p.hold(now, slot)
		p.mu.Unlock()
		err = p.sleep(ctx, slot.Sub(now))
		p.mu.Lock()
		p.release(h)
		p.mu.Unlock()
	} else {
		p.mu.Unlock()
		err = ctx.Err() // a run that stopped sends nothing more
	}
	if err != nil {
		p.Cancel(t)
		return Ticket{}, err
	}
	return t, nil
}

// hold counts a worker as held from now until release; until is when it
// may go, zero while that hangs on the probe's answer. Called with p.mu held.
func (p *Pacer) hold(now, until time.Time) int64 {
	if len(p.holds) == 0 {
		p.heldSince = now
	}
	p.holdSeq++
	p.holds[p.holdSeq] = until
	return p.holdSeq
}

// release ends a hold, at the clock's actual time: a worker woken early
// (its context ended) stops counting then. Called with p.mu held.
func (p *Pacer) release(h int64) {
	delete(p.holds, h)
	if len(p.holds) == 0 {
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
func (p *Pacer) Cancel(t Ticket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.settleProbe(t)
}

// Observe feeds an answer's rate-limit state back.
func (p *Pacer) Observe(t Ticket, rl clio.RateLimit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.settleProbe(t)
	now := p.now()
	known := rl.Known && rl.Limit > 0
	if rl.RetryAfter > 0 {
		until := now.Add(rl.RetryAfter)
		// Retry-After is rounded up to whole seconds; the reset header,
		// plus one second, bounds the reset as surely.
		if known && !rl.Reset.IsZero() {
			if hi := time.Unix(rl.Reset.Unix()+1, 0).Add(resetMargin); hi.Before(until) && hi.After(now) {
				until = hi
			}
		}
		if until.After(p.blocked) {
			p.blocked = until
		}
		if t.seq == p.probe {
			// The window had not reset when the probe left: the length
			// bounds were wrong (clock skew, a changed window). Relearn.
			p.wLo, p.wHi = 0, 0
		}
		p.open = false
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
	after := int(p.seq - t.seq) // tickets handed out after this one: not counted by the server yet
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
		p.limit = rl.Limit
		p.open, p.shared = true, false
		p.gridStart, p.used, p.left = t.sent, 1+after, rl.Remaining-after
		p.first, p.slots = t.seq, append(p.slots[:0], t.sent)
		p.resetHdr = hdr
		p.resetHi = hdrTime.Add(time.Second)
		if r := now.Add(p.window()); r.Before(p.resetHi) {
			p.resetHi = r
		}
		p.resetHi = p.resetHi.Add(resetMargin)
	case p.open && hdr == p.resetHdr && !isProbe:
		// Inside the open window: the server's count may only lower ours.
		// Tickets after this one whose slot has come may have arrived
		// first; they are the noise tolerated before believing that
		// someone else spends the window.
		noise := 0
		for i := t.seq + 1 - p.first; i >= 0 && i < int64(len(p.slots)); i++ {
			if !p.slots[i].After(now) {
				noise++
			}
		}
		if srv := rl.Remaining - after; srv+noise < p.left {
			p.left = srv
			if !p.shared {
				p.shared, p.next = true, now
			}
		}
	default:
		// A window we did not see open (another run on this token, a
		// request of ours that arrived after the reset), or a probe that
		// found the old window still open: trust the header, rounded up.
		p.limit = rl.Limit
		p.open, p.shared, p.next = true, true, now
		p.left = rl.Remaining - after
		p.first, p.slots = p.seq+1, p.slots[:0]
		p.resetHdr = hdr
		p.resetHi = hdrTime.Add(time.Second + resetMargin)
	}
}

// Pacing reports the limit as learnt and how the workers are held now:
// what progress shows as "paced to Clio's limit" or "waiting for Clio's
// rate limit".
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

// Waited is the wall-clock time during which at least one worker was held
// for the limit (the union of the workers' waits, not their sum), up to now.
func (p *Pacer) Waited() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.waited
	if len(p.holds) > 0 {
		if d := p.now().Sub(p.heldSince); d > 0 {
			w += d
		}
	}
	return w
}
