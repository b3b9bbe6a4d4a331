package deliver

import (
	"errors"
	"io"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// Defaults. DefaultConcurrency was measured against the sandbox (README,
// Performance): single-record creates stop getting faster past 8 workers on
// 2 cores, and Clio's rate limit, not concurrency, bounds real deliveries.
const (
	DefaultConcurrency = 8
	MaxConcurrency     = 64
	DefaultMaxAttempts = 5
	DefaultGrace       = 10 * time.Second
)

// Options are what a run needs. Destination, Ledger and (unless DryRun)
// Client are required.
type Options struct {
	Destination *flow.Destination
	Planner     *flow.Planner // nil: Destination.Plan(), with no header variables set (flow/session gives its environment: WithEnv)
	Client      *clio.Client  // carries the credential; nil only on a dry run
	// TokenFromEnv: Client's token is CLIODEST_TOKEN's, not a saved
	// credential's, so a refused token is replaced there, not by logging in.
	TokenFromEnv bool
	Ledger       *ledger.Ledger
	Webhook      *flow.WebhookSink // nil: no response webhook

	Mode    string // ledger.ModeActivate (default), ledger.ModeRetry or ledger.ModeDryRun
	InDoubt bool   // retry: in-doubt records too (a POST is looked up in Clio first)
	// OverwriteConflicts (retry): edit conflicts are sent again over
	// staff's change, with the etag Clio showed at the conflict; without
	// it a retry leaves them alone.
	OverwriteConflicts bool
	// RefreshLookups forgets the ledger's cached lookups first, so every
	// value is looked up in Clio again.
	RefreshLookups bool
	Follow         bool // keep reading records appended to the Nexset until ctx is done
	// DeleteRemoved deletes in Clio the objects of records delivered before
	// and absent from the Nexset now (on_remove: delete), once every record
	// was read. Only a confirmed run sets it (--yes, the wizard's question).
	DeleteRemoved bool

	Concurrency int     // workers; 0: DefaultConcurrency
	MaxAttempts int     // attempts per request before the record fails; 0: DefaultMaxAttempts
	Backoff     Backoff // zero: DefaultBackoff
	Pacer       *Pacer  // nil: NewPacer()

	// Events receives the run's events, one at a time (calls are serialised).
	Events           func(Event)
	ProgressInterval time.Duration // 0: 1 s

	// Paused is polled every PollInterval; true stops the run gracefully: no
	// new requests, in-flight ones finish, the summary says Paused.
	Paused       func() (bool, error)
	PollInterval time.Duration // 0: 1 s

	// Grace is how long in-flight requests may finish after ctx is done;
	// then they are cut and recorded in doubt. 0: DefaultGrace.
	Grace time.Duration
	// WebhookDrain bounds the wait for queued webhook documents at the end. 0: 30 s.
	WebhookDrain time.Duration

	Stdin io.Reader // the Nexset when its path is "-"; nil: os.Stdin
}

func (o *Options) fill() error {
	if o.Destination == nil {
		return errors.New("deliver: no destination")
	}
	if o.Ledger == nil {
		return errors.New("deliver: no ledger")
	}
	switch o.Mode {
	case "":
		o.Mode = ledger.ModeActivate
	case ledger.ModeActivate, ledger.ModeRetry, ledger.ModeDryRun:
	default:
		return errors.New("deliver: unknown mode " + o.Mode)
	}
	if o.Client == nil && o.Mode != ledger.ModeDryRun {
		return errors.New("deliver: no Clio client (only a dry run needs none)")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Concurrency > MaxConcurrency {
		o.Concurrency = MaxConcurrency
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Backoff == (Backoff{}) {
		o.Backoff = DefaultBackoff
	}
	if o.Pacer == nil {
		o.Pacer = NewPacer()
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = time.Second
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	if o.WebhookDrain <= 0 {
		o.WebhookDrain = 30 * time.Second
	}
	return nil
}
