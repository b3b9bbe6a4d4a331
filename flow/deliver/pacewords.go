package deliver

import (
	"fmt"
	"time"
)

// PaceWords says in words how Clio's rate limit holds the run now, as the
// progress line and the home's live view show it: "paced to Clio's limit:
// 50/min · next request in 1.2 s", the countdown of a spent window, or
// "waiting 12s for Clio's rate limit"; "" when nothing holds it.
func (p Progress) PaceWords() string {
	switch pc := p.Pacing; {
	case pc.Held > 0 && pc.Limit > 0 && !pc.Blocked && pc.NextIn > 0:
		// Another client spends the window too: what is left is spread evenly.
		return fmt.Sprintf("paced to Clio's limit: %s · next request in %.1f s", limitText(pc.Limit, pc.Window), pc.NextIn.Seconds())
	case pc.ResetWait() != "":
		// The window's allowance is spent (or Clio answered 429): a countdown.
		return pc.ResetWait()
	case p.Waiting >= time.Second:
		return fmt.Sprintf("waiting %s for Clio's rate limit", p.Waiting.Round(time.Second))
	}
	return ""
}

// limitText reads like "50/min", "600/h" or "60 per 2s". The learnt window
// may be off by a fraction of a second (the reset header is in whole
// seconds), so a minute or an hour is recognised within a second.
func limitText(limit int, window time.Duration) string {
	near := func(d time.Duration) bool { return window > d-time.Second && window < d+time.Second+time.Millisecond }
	switch {
	case window <= 0:
		return fmt.Sprintf("%d per window", limit)
	case near(time.Hour):
		return fmt.Sprintf("%d/h", limit)
	case near(time.Minute):
		return fmt.Sprintf("%d/min", limit)
	case window.Round(time.Millisecond) == time.Second:
		return fmt.Sprintf("%d/s", limit)
	}
	return fmt.Sprintf("%d per %s", limit, window.Round(time.Second))
}
