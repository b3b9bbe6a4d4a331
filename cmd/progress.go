package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/internal/termtext"
)

// renderer draws a run's events: a redrawn progress line on a terminal,
// a plain line every 5 s otherwise, JSON Lines on stdout with --json.
type renderer struct {
	out, err io.Writer
	tty      bool
	json     bool
	enc      *json.Encoder
	total    int
	drawn    bool
	failures int
	file     string // the destination file, for the commands offered
	// width is the terminal's width in columns (0: unknown), read at each
	// redraw since the window may be resized during a long run.
	width func() int
}

// maxFailureLines caps the failures listed while running; status lists all.
const maxFailureLines = 20

func newRenderer(f *Factory, asJSON bool, file string) *renderer {
	r := &renderer{out: f.Out, err: f.ErrOut, tty: f.ErrTTY && !asJSON, json: asJSON, total: -1, width: stderrWidth, file: file}
	if asJSON {
		r.enc = json.NewEncoder(f.rawOut())
	}
	return r
}

func (r *renderer) interval() time.Duration {
	if r.tty {
		return 250 * time.Millisecond
	}
	if r.json {
		return time.Second
	}
	return 5 * time.Second
}

func (r *renderer) handle(ev deliver.Event) {
	if r.json {
		if v := jsonEvent(ev); v != nil {
			_ = r.enc.Encode(v)
		}
		return
	}
	switch e := ev.(type) {
	case deliver.Total:
		r.total = e.Records
	case deliver.Progress:
		line := progressLine(e, r.total)
		if r.tty {
			fmt.Fprint(termtext.Raw(r.err), "\r\x1b[K") // our own sequence: past the sanitiser
			fmt.Fprint(r.err, fitWidth(line, r.width()))
			r.drawn = true
		} else {
			fmt.Fprintln(r.err, line)
		}
	case deliver.RecordFailed:
		r.failures++
		if r.failures > maxFailureLines {
			return
		}
		r.clear()
		fmt.Fprintf(r.err, "record %d (line %d, key %s) %s", e.Pos, e.Line, e.Key, strings.ReplaceAll(e.State, "_", " "))
		if e.Status != 0 {
			fmt.Fprintf(r.err, " [%d]", e.Status)
		}
		fmt.Fprintf(r.err, ": %s\n", e.Message)
		if r.failures == maxFailureLines {
			fmt.Fprintf(r.err, "… more failures: cliodest status --failed %s lists them all\n", r.file)
		}
	case deliver.RecordConflict:
		r.failures++
		if r.failures > maxFailureLines {
			return
		}
		r.clear()
		fmt.Fprintln(r.err, conflictLine(e))
	case deliver.WebhookFailed:
		r.clear()
		fmt.Fprintf(r.err, "response webhook: %s\n", e.Message)
	case deliver.WebhookWaiting:
		r.clear()
		fmt.Fprintln(r.err, e.Words())
	case deliver.Finished:
		r.clear()
		writeSummary(r.out, e.Summary) // a result: standard output, so "activate f.yaml > log" keeps it
	}
}

// stderrWidth is the width of the terminal standard error is on, 0 when
// it cannot be told.
func stderrWidth() int {
	w, _, err := term.GetSize(int(os.Stderr.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// fitWidth cuts a progress line to the terminal's width: a line that wraps
// could not be redrawn in place, and each redraw would leave a stale row.
// Every rune of a progress line takes one column.
func fitWidth(line string, width int) string {
	if width <= 1 || utf8.RuneCountInString(line) < width {
		return line
	}
	rs := []rune(line)
	return string(rs[:width-2]) + "…"
}

func (r *renderer) clear() {
	if r.tty && r.drawn {
		fmt.Fprint(termtext.Raw(r.err), "\r\x1b[K") // our own sequence: past the sanitiser
		r.drawn = false
	}
}

func (r *renderer) finish() { r.clear() }

// progressLine reads like
// "[██████░░░░]  60% 600/1000 · 31.2/s · ETA 12s · 50 sent; Clio's limit resets in 41 s".
func progressLine(p deliver.Progress, total int) string {
	if total < 0 {
		total = p.Total
	}
	var b strings.Builder
	const width = 20
	if total > 0 {
		frac := min(float64(p.Done)/float64(total), 1)
		n := int(frac * width)
		fmt.Fprintf(&b, "[%s%s] %3.0f%% %d/%d", strings.Repeat("█", n), strings.Repeat("░", width-n), frac*100, p.Done, total)
	} else {
		fmt.Fprintf(&b, "%d/?", p.Done)
	}
	fmt.Fprintf(&b, " · %.1f/s", p.Rate)
	if total > 0 && p.Rate > 0 && p.Done < total {
		eta := time.Duration(float64(total-p.Done) / p.Rate * float64(time.Second))
		fmt.Fprintf(&b, " · ETA %s", eta.Round(time.Second))
	}
	if p.Failed > 0 || p.InDoubt > 0 {
		fmt.Fprintf(&b, " · %d failed, %d in doubt", p.Failed, p.InDoubt)
	}
	if p.Changed > 0 {
		fmt.Fprintf(&b, " · %d changed", p.Changed)
	}
	if w := p.PaceWords(); w != "" {
		b.WriteString(" · " + w)
	}
	return b.String()
}

func writeSummary(w io.Writer, s deliver.Summary) {
	if s.Mode == "dry-run" {
		fmt.Fprintf(w, "Dry run: %d records checked, %d would be sent in %d request(s), %d cannot be sent, %d already delivered (%s); nothing was sent\n",
			s.Records, s.Records-s.Failed-s.Skipped-s.InDoubt-s.Left, s.WouldSend, s.Failed, s.Skipped, s.Elapsed.Round(time.Millisecond))
		if s.Lookups > 0 || s.LookupFailures > 0 {
			fmt.Fprintf(w, "Look-ups: %d request(s), %d record(s) failed by a look-up\n", s.Lookups, s.LookupFailures)
		}
		return
	}
	fmt.Fprintf(w, "Delivered %d, failed %d, skipped %d (already delivered), in doubt %d", s.Delivered, s.Failed, s.Skipped, s.InDoubt)
	if s.Pending > 0 {
		fmt.Fprintf(w, ", not sent %d", s.Pending)
	}
	if s.Left > 0 {
		// Left means "not this mode's business", which differs by mode.
		if s.Mode == "retry" {
			fmt.Fprintf(w, ", %d not failed (left to activate)", s.Left)
		} else {
			fmt.Fprintf(w, ", %d failed earlier (not re-sent: retry sends them)", s.Left)
		}
	}
	if s.Reconciled > 0 {
		fmt.Fprintf(w, " (%d found in Clio)", s.Reconciled)
	}
	writeChanged(w, s)
	writeFound(w, s)
	writeConflicts(w, s)
	writeRemovedCount(w, s)
	writeLookups(w, s)
	fmt.Fprintf(w, " · %d request(s) in %s · %s waiting for Clio's rate limit\n", s.Requests, s.Elapsed.Round(time.Millisecond), s.RateLimitWait.Round(time.Millisecond))
	if s.WebhookFailures > 0 {
		fmt.Fprintf(w, "Response webhook: %d document(s) not delivered; last: %s\n", s.WebhookFailures, s.WebhookError)
	}
	// Any other stop reason is the command's error, printed once by run.
	if s.Err == "interrupted" {
		fmt.Fprintf(w, "Interrupted: the ledger holds every answer received; run %s again to send the rest\n", s.Mode)
	}
}

// writeLookups adds the run's look-ups to the summary line, when it made any.
func writeLookups(w io.Writer, s deliver.Summary) {
	if s.Lookups > 0 || s.LookupFailures > 0 {
		fmt.Fprintf(w, " · %d look-up(s), %d record(s) failed by one", s.Lookups, s.LookupFailures)
	}
}

// writeRemovedCount adds the records removed from the Nexset, and what
// they got, to the summary line.
func writeRemovedCount(w io.Writer, s deliver.Summary) {
	if s.Removed == 0 {
		return
	}
	if s.OnRemove != "delete" {
		fmt.Fprintf(w, " · removed %d (on_remove keep: objects stay in Clio; status --removed lists them)", s.Removed)
		return
	}
	fmt.Fprintf(w, " · removed %d (on_remove delete: %d deleted in Clio", s.Removed, s.Deleted)
	if s.DeleteFailed > 0 {
		fmt.Fprintf(w, ", %d not: see above", s.DeleteFailed)
	}
	fmt.Fprint(w, ")")
}

// writeChanged adds the records that changed since delivered, and what
// they got, to the summary line.
func writeChanged(w io.Writer, s deliver.Summary) {
	if s.Changed == 0 {
		return
	}
	fmt.Fprintf(w, " · changed %d (on_change %s: %d updated, %d skipped", s.Changed, s.OnChange, s.Updated, s.ChangedSkipped)
	if rest := s.Changed - s.Updated - s.ChangedSkipped; rest > 0 && s.OnChange == "create" {
		fmt.Fprintf(w, ", %d sent as new objects", rest)
	} else if rest > 0 {
		fmt.Fprintf(w, ", %d not updated: see above", rest)
	}
	fmt.Fprint(w, ")")
}
