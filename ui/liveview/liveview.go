// Package liveview draws a delivery run as it goes, the same wherever a run is
// watched (the destinations home, the wizard's Save step): the progress
// bar with records done of the total, records/s and the ETA; the counts;
// Clio's rate limit in words; the wait for the response webhook; a failed
// record in one line.
package liveview

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/progress"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/internal/termtext"
)

// NewBar is the progress bar the lines below draw with.
func NewBar() progress.Model {
	return progress.New(progress.WithWidth(40), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))
}

// Progress is the bar with done of total, records/s and, while the run
// goes on (ended false), the ETA.
func Progress(bar progress.Model, p deliver.Progress, ended bool) string {
	total := p.Total
	rate := fmt.Sprintf("%.1f rec/s", p.Rate)
	if total <= 0 {
		return fmt.Sprintf("%d done (total not known yet) · %s", p.Done, rate)
	}
	frac := min(float64(p.Done)/float64(total), 1)
	line := fmt.Sprintf("%s %d/%d · %s", bar.ViewAs(frac), p.Done, total, rate)
	if p.Rate > 0 && p.Done < total && !ended {
		eta := time.Duration(float64(total-p.Done) / p.Rate * float64(time.Second))
		if p.Pacing.Blocked {
			eta = max(eta, p.Pacing.NextIn) // nothing leaves before the window resets
		}
		line += " · ETA " + Since(eta)
	}
	return line
}

// Counts are the run's counts in one line.
func Counts(p deliver.Progress) string {
	return fmt.Sprintf("Delivered %d · Failed %d · In doubt %d · Skipped %d · Changed %d", p.Delivered, p.Failed, p.InDoubt, p.Skipped, p.Changed)
}

// Pace is the rate-limit state in words.
func Pace(p deliver.Progress) string {
	if w := p.PaceWords(); w != "" {
		return "Rate limit: " + w
	}
	if pc := p.Pacing; pc.Limit > 0 {
		return fmt.Sprintf("Rate limit: paced to Clio's limit (%d left of %d in this window)", pc.Remaining, pc.Limit)
	}
	return "Rate limit: not reached"
}

// Waiting is the wait for the response webhook at the end of a run, ""
// when there is none (w nil).
func Waiting(w *deliver.WebhookWaiting) string {
	if w == nil {
		return ""
	}
	return termtext.Line(w.Words())
}

// Failure is one failed record: its Nexset line, key, Clio's status and
// message.
func Failure(f deliver.RecordFailed) string {
	where := fmt.Sprintf("record %d", f.Pos)
	if f.Line > 0 {
		where = fmt.Sprintf("line %d", f.Line)
	}
	if f.Key != "" {
		where += " (" + f.Key + ")"
	}
	if f.State == "in_doubt" {
		where += " in doubt"
	}
	if f.Status != 0 {
		where += fmt.Sprintf(": %d", f.Status)
	} else {
		where += ":"
	}
	return termtext.Line(fmt.Sprintf("  %s %s", where, f.Message))
}

// Since is a duration in words ("12s", "3m04s").
func Since(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return d.String()
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// Records says "1 record" or "N records".
func Records(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}
