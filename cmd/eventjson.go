package cmd

import (
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// The --json events of activate and retry, one JSON object a line. Names are
// snake_case and durations are seconds, like status --json, so a script
// needs no knowledge of Go's encoding of the engine's types.

type startedJSON struct {
	Event  string    `json:"event"`
	Run    int64     `json:"run"`
	Mode   string    `json:"mode"`
	Nexset string    `json:"nexset"`
	Time   time.Time `json:"time"`
}

type totalJSON struct {
	Event   string `json:"event"`
	Records int    `json:"records"`
}

type progressJSON struct {
	Event          string      `json:"event"`
	Read           int         `json:"read"`
	Done           int         `json:"done"`
	Total          *int        `json:"total"` // null while unknown
	Delivered      int         `json:"delivered"`
	Failed         int         `json:"failed"`
	InDoubt        int         `json:"in_doubt"`
	Skipped        int         `json:"skipped"`
	Changed        int         `json:"changed"`
	Conflicts      int         `json:"conflicts"`
	Requests       int         `json:"requests"`
	Rate           float64     `json:"records_per_second"`
	WaitingSeconds float64     `json:"waiting_seconds"`  // the longest a worker still waits for Clio's rate limit (0 under 1 s)
	Pacing         *pacingJSON `json:"pacing,omitempty"` // while requests are paced to Clio's rate limit
	ElapsedSeconds float64     `json:"elapsed_seconds"`
}

type pacingJSON struct {
	Limit         int        `json:"limit"`
	WindowSeconds float64    `json:"window_seconds"`
	Remaining     int        `json:"remaining"`
	Reset         *time.Time `json:"reset,omitempty"`
	Held          int        `json:"held"`
	NextInSeconds float64    `json:"next_in_seconds"`
	Blocked       bool       `json:"blocked"`
}

// recordFailedJSON is record_failed (Clio refused the record, or it cannot
// be sent) or record_in_doubt (it may have reached Clio), by state.
type recordFailedJSON struct {
	Event   string `json:"event"`
	Pos     int    `json:"pos"`
	Line    int    `json:"line"`
	Key     string `json:"key"`
	Status  int    `json:"http_status,omitempty"`
	State   string `json:"state"`
	Message string `json:"message"`
}

type webhookFailedJSON struct {
	Event   string `json:"event"`
	Message string `json:"message"`
}

type webhookWaitingJSON struct {
	Event        string  `json:"event"`
	Documents    int     `json:"documents"`
	LimitSeconds float64 `json:"limit_seconds"`
}

type finishedJSON struct {
	Event                string  `json:"event"`
	Run                  int64   `json:"run"`
	Mode                 string  `json:"mode"`
	Records              int     `json:"records"`
	Total                *int    `json:"total"` // null while unknown
	Delivered            int     `json:"delivered"`
	Failed               int     `json:"failed"`
	InDoubt              int     `json:"in_doubt"`
	Skipped              int     `json:"skipped"`
	Changed              int     `json:"changed"`
	Updated              int     `json:"updated"`
	ChangedSkipped       int     `json:"changed_skipped"`
	OnChange             string  `json:"on_change"`
	Conflicts            int     `json:"conflicts"`
	Overwritten          int     `json:"overwritten"`
	ConflictsLeft        int     `json:"conflicts_left"`
	Removed              int     `json:"removed"`
	Deleted              int     `json:"deleted"`
	DeleteFailed         int     `json:"delete_failed"`
	OnRemove             string  `json:"on_remove"`
	NotSent              int     `json:"not_sent"`
	Left                 int     `json:"left"`
	Reconciled           int     `json:"reconciled"`
	Lookups              int     `json:"lookups"`
	LookupFailures       int     `json:"lookup_failures"`
	Created              int     `json:"created"`
	FindBy               string  `json:"find_by,omitempty"`
	UpdatedExisting      int     `json:"updated_existing"`
	SkippedExisting      int     `json:"skipped_existing"`
	Ambiguous            int     `json:"ambiguous"`
	WouldSend            int     `json:"would_send"`
	Requests             int     `json:"requests"`
	Retries              int     `json:"retries"`
	RateLimitWaitSeconds float64 `json:"rate_limit_wait_seconds"`
	ElapsedSeconds       float64 `json:"elapsed_seconds"`
	Paused               bool    `json:"paused"`
	Stopped              string  `json:"stopped,omitempty"`
	Interrupted          bool    `json:"interrupted"`
	Error                string  `json:"error,omitempty"`
	WebhookFailures      int     `json:"webhook_failures"`
	WebhookError         string  `json:"webhook_error,omitempty"`
}

// jsonEvent is an engine event as it goes on the wire; nil for an event
// scripts are not told about.
func jsonEvent(ev deliver.Event) any {
	switch e := ev.(type) {
	case deliver.Started:
		return startedJSON{"started", e.Run, e.Mode, e.Nexset, e.Time}
	case deliver.Total:
		return totalJSON{"total", e.Records}
	case deliver.Progress:
		p := progressJSON{Event: "progress", Read: e.Read, Done: e.Done, Delivered: e.Delivered, Failed: e.Failed,
			InDoubt: e.InDoubt, Skipped: e.Skipped, Changed: e.Changed, Conflicts: e.Conflicts, Requests: e.Requests, Rate: e.Rate,
			WaitingSeconds: e.Waiting.Seconds(), ElapsedSeconds: e.Elapsed.Seconds()}
		if e.Total >= 0 {
			p.Total = &e.Total
		}
		if pc := e.Pacing; pc.Limit > 0 || pc.Held > 0 {
			p.Pacing = &pacingJSON{Limit: pc.Limit, WindowSeconds: pc.Window.Seconds(), Remaining: pc.Remaining,
				Held: pc.Held, NextInSeconds: pc.NextIn.Seconds(), Blocked: pc.Blocked}
			if !pc.Reset.IsZero() {
				p.Pacing.Reset = &pc.Reset
			}
		}
		return p
	case deliver.RecordFailed:
		name := "record_failed"
		switch e.State {
		case string(ledger.InDoubt):
			name = "record_in_doubt"
		case string(ledger.Pending):
			name = "record_pending" // find_by: it waits for another record's create in doubt
		}
		return recordFailedJSON{name, e.Pos, e.Line, e.Key, e.Status, e.State, e.Message}
	case deliver.RecordConflict:
		return newRecordConflictJSON(e)
	case deliver.WebhookFailed:
		return webhookFailedJSON{"webhook_failed", e.Message}
	case deliver.WebhookWaiting:
		return webhookWaitingJSON{"webhook_waiting", e.Documents, e.Limit.Seconds()}
	case deliver.Finished:
		s := e.Summary
		f := finishedJSON{Event: "finished", Run: s.Run, Mode: s.Mode, Records: s.Records, Delivered: s.Delivered,
			Failed: s.Failed, InDoubt: s.InDoubt, Skipped: s.Skipped, NotSent: s.Pending, Left: s.Left,
			Changed: s.Changed, Updated: s.Updated, ChangedSkipped: s.ChangedSkipped, OnChange: s.OnChange,
			Reconciled: s.Reconciled, Lookups: s.Lookups, LookupFailures: s.LookupFailures,
			Created: s.Created, FindBy: s.FindBy, UpdatedExisting: s.UpdatedExisting, SkippedExisting: s.SkippedExisting, Ambiguous: s.Ambiguous, WouldSend: s.WouldSend, Requests: s.Requests, Retries: s.Retries,
			Conflicts: s.Conflicts, Overwritten: s.Overwritten, ConflictsLeft: s.ConflictsLeft,
			Removed: s.Removed, Deleted: s.Deleted, DeleteFailed: s.DeleteFailed, OnRemove: s.OnRemove,
			RateLimitWaitSeconds: s.RateLimitWait.Seconds(), ElapsedSeconds: s.Elapsed.Seconds(),
			Paused: s.Paused, Stopped: s.Stopped, Interrupted: s.Interrupted, Error: s.Err,
			WebhookFailures: s.WebhookFailures, WebhookError: s.WebhookError}
		if s.Total >= 0 {
			f.Total = &s.Total
		}
		return f
	}
	return nil
}
