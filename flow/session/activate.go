package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// Activation says which destination to deliver and how.
type Activation struct {
	File   string // the destination file, as the user named it
	Ledger string // the ledger file; "" is beside the destination (ledger.DefaultPath)

	DryRun         bool   // Activate only: check every record, send nothing
	Follow         bool   // keep reading records appended to the Nexset until ctx is done
	RefreshLookups bool   // forget the lookups cached in the ledger first
	OnChange       string // this run's on_change (the file keeps its own); "" is the file's
	OnConflict     string // this run's on_conflict (the file keeps its own); "" is the file's
	// OverwriteConflicts (Retry, Resolve): edit conflicts are sent again
	// over the change made in Clio.
	OverwriteConflicts bool
	OnRemove           string // Activate only: this run's on_remove (keep or delete); "" is the file's
	// ConfirmDelete confirms on_remove: delete for this run (--yes, the
	// wizard's question); without it such a run is refused.
	ConfirmDelete bool

	Concurrency int // requests in flight; 0 is deliver's default
	MaxAttempts int // attempts per request; 0 is deliver's default

	// Conn is a connection already checked (the wizard's) to send with; nil
	// resolves the destination's credential (CLIODEST_TOKEN when set).
	Conn *Conn

	// Events receives the run's events, one at a time.
	Events           func(deliver.Event)
	ProgressInterval time.Duration // 0: deliver's default
	// PollInterval is how often the pause switch reads the destination
	// file; 0: deliver's default (1 s).
	PollInterval time.Duration
	Stdin        io.Reader // the Nexset when its path is "-"; nil: os.Stdin
}

// Run is a delivery opened and ready to start: everything that can be
// refused before a record is sent has been checked. Start it with Go, or
// Close it unstarted.
type Run struct {
	Destination *flow.Destination
	File        string
	Mode        string    // ledger.ModeActivate, ModeRetry or ModeDryRun
	Label       string    // the credential in words; "" on a dry run without one
	Host        clio.Host // where requests go, when known
	// Warning is set when the destination-id index could not record this
	// ledger: the run may go on, but a later copy could not be told from it.
	Warning error

	s       *Session
	ledger  *ledger.Ledger
	opts    deliver.Options
	cleanup func() // Check's: removes its throw-away ledger once closed
}

// Result is a finished run: the engine's summary and, when the run ended
// without an error, what the whole ledger holds now.
type Result struct {
	deliver.Summary
	Counts map[ledger.State]int
}

// Activate opens a to deliver every record of the destination not yet
// delivered: unless a dry run, the destination is marked active in its
// file (its Nexset must open first) and the pause switch is wired, so
// `cliodest pause FILE` stops the run however it was started.
func (s *Session) Activate(ctx context.Context, a Activation) (*Run, error) {
	mode := ledger.ModeActivate
	if a.DryRun {
		mode = ledger.ModeDryRun
	}
	r, err := s.open(ctx, a, mode)
	if err != nil {
		return nil, err
	}
	if err := r.applyOnRemove(a); err != nil { // before the file is set active (onremove.go)
		r.Close()
		return nil, err
	}
	d := r.Destination
	if !a.DryRun && d.Status != flow.StatusActive {
		if err := nexsetOpens(ctx, d); err != nil {
			r.Close()
			return nil, err
		}
		d.Status = flow.StatusActive
		if err := flow.Save(a.File, d); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r.applyOverrides(a) // after the save: the file keeps its own on_change and on_conflict
}

// Retry opens a run that sends the records the ledger holds as failed
// again, as the Nexset has them now.
func (s *Session) Retry(ctx context.Context, a Activation) (*Run, error) {
	return s.retry(ctx, a, false)
}

// Resolve is Retry that also settles the records left in doubt: an update
// is sent again; a create is first looked for in Clio.
func (s *Session) Resolve(ctx context.Context, a Activation) (*Run, error) {
	return s.retry(ctx, a, true)
}

func (s *Session) retry(ctx context.Context, a Activation, inDoubt bool) (*Run, error) {
	if _, err := os.Stat(ledgerPath(a)); err != nil {
		return nil, &StateError{Err: fmt.Errorf("%s has never been activated: nothing to retry (run cliodest activate %s)", a.File, a.File)}
	}
	// A paused destination sends nothing; a retry would also be halted by
	// its own pause switch at the first poll.
	d, err := flow.Load(a.File)
	if err != nil {
		return nil, err
	}
	if d.Status == flow.StatusPaused {
		return nil, &StateError{Paused: true, Err: fmt.Errorf("%s is paused, and a paused destination sends nothing: activate it first (cliodest activate %s), then retry", a.File, a.File)}
	}
	r, err := s.open(ctx, a, ledger.ModeRetry)
	if err != nil {
		return nil, err
	}
	r.opts.InDoubt = inDoubt
	return r.applyOverrides(a)
}

// open loads the destination, resolves its credential (a dry run goes on
// without one), plans it, opens its ledger through the destination-id
// index and checks that the ledger's records still match it, all before a
// request is sent.
func (s *Session) open(ctx context.Context, a Activation, mode string) (*Run, error) {
	dry := mode == ledger.ModeDryRun
	d, err := flow.Load(a.File)
	if err != nil {
		return nil, err
	}
	r := &Run{Destination: d, File: a.File, Mode: mode, s: s}
	base, hasBase, err := s.Host(d)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	conn := a.Conn
	if conn == nil && (!dry || d.Credential != "" || s.Token != "") {
		c, err := s.ClientFor(ctx, d)
		switch {
		case err == nil:
			conn = c
		case !dry:
			return nil, fmt.Errorf("destination %s: credential: %w", a.File, err)
		}
	}
	if conn != nil {
		base, hasBase, r.Label = conn.Host, true, conn.Label
	}
	var p *flow.Planner
	if hasBase {
		r.Host = base
		p, err = d.PlanOn(base)
	} else {
		p, err = d.Plan()
	}
	if err != nil {
		return nil, err
	}
	p = s.sending(p)
	// Refused before the destination is set active or anything is sent.
	l, warn, err := s.openLedger(d, a.File, ledgerPath(a), p, base, dry)
	if err != nil {
		return nil, err
	}
	r.ledger, r.Warning = l, warn
	r.opts = deliver.Options{Destination: d, Planner: p, Ledger: l, Mode: mode,
		Follow: a.Follow, RefreshLookups: a.RefreshLookups, Concurrency: a.Concurrency, MaxAttempts: a.MaxAttempts,
		Events: a.Events, ProgressInterval: a.ProgressInterval, PollInterval: a.PollInterval, Stdin: a.Stdin}
	if conn != nil {
		r.opts.Client, r.opts.TokenFromEnv = conn.Client, conn.Env
	}
	if !dry {
		r.opts.Paused = pausedSwitch(a.File)
	}
	return r, nil
}

// applyOverrides sets the run's own on_change and on_conflict (the
// command's flags) on the opened destination, closing the run when one is
// refused.
func (r *Run) applyOverrides(a Activation) (*Run, error) {
	if err := r.applyOnChange(a.OnChange); err != nil {
		r.Close()
		return nil, err
	}
	if err := r.applyOnConflict(a); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// applyOnChange sets this run's on_change on the opened destination (the
// file keeps its own).
func (r *Run) applyOnChange(v string) error {
	if v == "" {
		return nil
	}
	oc, err := flowsync.ParseOnChange(v)
	if err != nil {
		return &InputError{Err: fmt.Errorf("on_change %q: give %s", v, flowsync.Choices)}
	}
	if oc == flowsync.Update && !r.opts.Planner.CanUpdate() {
		return &InputError{Err: errors.New("--on-change update: the endpoint does not create objects in a collection Clio can update; give skip or create")}
	}
	r.Destination.OnChange = string(oc)
	return nil
}

// Go delivers: the engine takes the delivery lock, sends paced to Clio's
// rate limit, reports events and stops when ctx is done or the destination
// is paused. The run's ledger is closed when it returns.
func (r *Run) Go(ctx context.Context) (Result, error) {
	defer r.Close()
	sink, err := r.Destination.OpenWebhookSink(flow.WebhookOptions{HTTPClient: r.s.HTTPClient})
	if err != nil {
		return Result{}, err
	}
	defer sink.Close()
	o := r.opts
	o.Webhook = sink
	sum, err := deliver.Run(ctx, o)
	res := Result{Summary: sum}
	if err != nil {
		return res, err
	}
	res.Counts, err = r.ledger.Counts()
	return res, err
}

// Close releases a run that is not started; Go closes its own.
func (r *Run) Close() error {
	if r.ledger == nil {
		return nil
	}
	l := r.ledger
	r.ledger = nil
	err := l.Close()
	if r.cleanup != nil {
		r.cleanup()
	}
	return err
}

// openLedger opens d's ledger as every delivery does: through the
// destination-id index (a copy of a delivered destination is refused
// before a new ledger is made), its records checked against p's identity.
func (s *Session) openLedger(d *flow.Destination, file, path string, p *flow.Planner, host clio.Host, dry bool) (l *ledger.Ledger, warn, err error) {
	l, warn, err = s.Index.OpenLedger(destindex.Run{Dest: ledger.Identity{ID: d.ID, Name: d.Name}, File: file,
		Ledger: path, Host: host.String(), Now: s.now(), Dry: dry})
	if err != nil {
		return nil, nil, fmt.Errorf("destination %s: %w", file, err)
	}
	if err := CheckIdentity(l, p, file); err != nil {
		l.Close()
		return nil, nil, err
	}
	return l, warn, nil
}

// CheckIdentity is deliver.CheckIdentity with the destination file named
// in the choices it offers (activation's refusal, validate's problem).
func CheckIdentity(l *ledger.Ledger, p *flow.Planner, file string) error {
	err := deliver.CheckIdentity(l, p)
	var ie *deliver.IdentityChangedError
	if errors.As(err, &ie) {
		ie.File = file
	}
	return err
}

// Ledger is the run's open ledger (nil once closed).
func (r *Run) Ledger() *ledger.Ledger { return r.ledger }

func ledgerPath(a Activation) string { return LedgerPath(a.File, a.Ledger) }

// LedgerPath is the ledger of the destination file: given (--ledger) when
// it is not "", else the one beside file.
func LedgerPath(file, given string) string {
	if given != "" {
		return given
	}
	return ledger.DefaultPath(file)
}

// pausedSwitch reports whether the destination file now says paused; a
// file that cannot be read right now (being rewritten) is an error, which
// the engine ignores until the next poll.
func pausedSwitch(file string) func() (bool, error) {
	return func() (bool, error) {
		d, err := flow.Load(file)
		if err != nil {
			return false, err
		}
		return d.Status == flow.StatusPaused, nil
	}
}

// nexsetOpens checks that the destination's Nexset (a file) can be opened
// and its format told, so a destination is not marked active with records
// it cannot read; standard input is only read once the run starts.
func nexsetOpens(ctx context.Context, d *flow.Destination) error {
	if d.NexsetPath() == "-" {
		return nil
	}
	r, err := nexset.Open(ctx, d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		return fmt.Errorf("%s stays %s: %w", d.Name, d.Status, d.NexsetError(err))
	}
	return r.Close()
}
