package deliver

import (
	"time"

	"github.com/cliodest/cliodest/flow/ledger"
)

// Summary is the outcome of a run: the ledger's run summary plus what only
// the engine knows.
type Summary struct {
	ledger.RunSummary
	Run  int64
	Mode string
	// Total is the number of records in the Nexset, once counted (files
	// only); -1 when unknown. On activate, records not read because the run
	// stopped early count as Pending (not sent), so Pending is never less
	// than what this run left unsent.
	Total           int
	Elapsed         time.Duration
	WouldSend       int // dry run: requests that would have been sent
	WebhookFailures int // response documents the webhook could not take
	WebhookError    string
	Paused          bool // stopped because the destination was paused
	// Stopped is why the run stopped early because nothing could succeed
	// (Clio unreachable, the token refused); "" when it did not.
	Stopped    string
	Left       int // read but not this mode's business: failed earlier (activate), not failed (retry)
	Retries    int // attempts beyond the first
	Reconciled int // in-doubt records found in Clio and marked delivered
	// Lookups counts look-up requests (flow/lookup; also in Requests);
	// LookupFailures the records a lookup failed (not found, ambiguous, an error).
	Lookups        int
	LookupFailures int
	// Changed counts records delivered before whose body changed (flow/sync);
	// OnChange says how they were handled: Updated of them were updated
	// (also in Delivered), ChangedSkipped left alone (also in Skipped).
	Changed        int
	ChangedSkipped int
	Updated        int
	OnChange       string
	FindBy         string // the destination's find_by lookup (lookup:contacts.email); "" without (findby.go)
	findMisses     int    // find_by look-ups that found nothing: not failures (the record is created)
	unanswered     int    // records whose look-up Clio did not answer: not failures (they stay pending; lookups.go)
	// Conflicts counts updates refused because their object changed in
	// Clio since cliodest last wrote it, and kept as Clio has it (also in
	// Failed; conflict.go); Overwritten the updates sent over such a change
	// (on_conflict: overwrite, retry --overwrite-conflicts; also in
	// Delivered); ConflictsLeft the edit conflicts a retry left alone
	// (no --overwrite-conflicts; also in Left).
	Conflicts     int
	Overwritten   int
	ConflictsLeft int
	// Removed counts records delivered before and absent from the Nexset
	// now (a run that read it whole; not on standard input or --follow);
	// OnRemove says what they got: keep, or delete (Deleted of them, in
	// RunSummary, deleted in Clio; DeleteFailed not, the ledger keeps them).
	Removed      int
	DeleteFailed int
	OnRemove     string
}
