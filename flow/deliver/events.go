package deliver

import (
	"fmt"
	"time"
)

// Event is something a run reports while it goes: Started, Total,
// Progress, RecordFailed, WebhookFailed, WebhookWaiting, Finished. Renderers (the command's
// progress line, --json, the wizard's Activate step) switch on the type.
type Event interface{ event() }

// Started opens a run.
type Started struct {
	Run    int64  // ledger run id (0 on a dry run without ledger)
	Mode   string // activate, retry or dry-run
	Nexset string // the Nexset's path ("-" for standard input)
	Time   time.Time
}

// Total says how many records the Nexset holds, once counted (files only).
type Total struct{ Records int }

// Progress is sent about every ProgressInterval and when a run ends.
type Progress struct {
	Read      int     // records read from the Nexset
	Done      int     // records whose fate is settled in this run (delivered, failed, in doubt, skipped)
	Delivered int     // delivered in this run
	Failed    int     // failed in this run
	InDoubt   int     // left in doubt in this run
	Skipped   int     // already delivered earlier (or failed earlier, on activate)
	Changed   int     // delivered earlier with another body (flow/sync), however handled
	Conflicts int     // updates refused because their object changed in Clio (also in Failed)
	Total     int     // records in the Nexset; -1 while unknown
	Requests  int     // HTTP requests sent
	Rate      float64 // records settled per second, over the run
	// Waiting is how long a worker held for Clio's rate limit still waits
	// for its turn (the longest such wait), set when it is 1 s or more; 0
	// otherwise. Pacing tells why and how.
	Waiting time.Duration
	Pacing  Pacing
	Elapsed time.Duration
}

// Pacing is the rate-limit state while requests are paced: what the pacer
// learnt of Clio's limit and how it holds the workers now.
type Pacing struct {
	Limit     int           // requests per window Clio allows; 0 while unknown or not limited
	Window    time.Duration // the window's length as learnt; 0 while unknown
	Remaining int           // requests left in the current window, as the pacer counts them
	Sent      int           // requests this run sent in the current window
	Reset     time.Time     // when the current window has certainly reset; zero when unknown
	Held      int           // workers held by the pacer now
	NextIn    time.Duration // until the next held request leaves; 0 when none waits for a known time
	// Blocked: nobody goes before NextIn — the window is spent, or Clio
	// answered 429 with Retry-After — as opposed to requests spread evenly
	// (another client shares the token).
	Blocked bool
}

// RecordFailed reports a record that failed or was left in doubt; State
// says which (--json names them record_failed and record_in_doubt).
type RecordFailed struct {
	Pos     int
	Line    int
	Key     string
	Status  int    // Clio's HTTP status, 0 when there was no answer
	State   string // failed or in_doubt
	Message string
}

// RecordConflict reports an update whose object changed in Clio since
// cliodest last wrote it (Clio answered 412 to the If-Match sent, and its
// values differ from the record's): kept as Clio has it (the record is an
// edit conflict, failed) or about to be overwritten (on_conflict: overwrite).
type RecordConflict struct {
	Pos     int
	Line    int
	Key     string
	ClioID  int64
	Differs []string // attributes whose value in Clio differs from the record's; nil when unknown
	Action  string   // ConflictKept or ConflictOverwrite
	Message string
}

// What a RecordConflict did.
const (
	ConflictKept      = "kept"
	ConflictOverwrite = "overwrite"
)

// WebhookFailed reports a response document the webhook could not take.
type WebhookFailed struct{ Message string }

// WebhookWaiting says that the run's requests are done and it waits, up
// to Limit, for the response webhook to take the Documents still queued
// (or being posted), before it finishes.
type WebhookWaiting struct {
	Documents int
	Limit     time.Duration
}

// Finished closes a run with its summary.
type Finished struct{ Summary Summary }

// Words are the wait in one line, as every view of a run says it.
func (w WebhookWaiting) Words() string {
	return fmt.Sprintf("response webhook: waiting up to %s for it to take %d document(s)…", w.Limit.Round(time.Second), w.Documents)
}

func (Started) event()        {}
func (Total) event()          {}
func (Progress) event()       {}
func (RecordFailed) event()   {}
func (RecordConflict) event() {}
func (WebhookFailed) event()  {}
func (WebhookWaiting) event() {}
func (Finished) event()       {}
