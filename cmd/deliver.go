package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/ledger"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// deliverFlags are the flags activate and retry share.
type deliverFlags struct {
	concurrency int
	maxAttempts int
	asJSON      bool
	ledgerPath  string
	refresh     bool   // --refresh-lookups
	onChange    string // --on-change: overrides the destination's on_change for this run
}

func (fl *deliverFlags) add(c *cobra.Command) {
	c.Flags().IntVar(&fl.concurrency, "concurrency", deliver.DefaultConcurrency, "requests in flight at once (1–64); Clio's rate limit bounds the pace anyway")
	c.Flags().IntVar(&fl.maxAttempts, "max-attempts", deliver.DefaultMaxAttempts, "attempts per request on 429, 5xx, timeouts and connection errors before the record fails")
	c.Flags().BoolVar(&fl.asJSON, "json", false, "print the run's events as JSON Lines on standard output (for scripts)")
	c.Flags().BoolVar(&fl.refresh, "refresh-lookups", false, "forget the lookups cached in the ledger: every value is looked up in Clio again")
	c.Flags().StringVar(&fl.onChange, "on-change", "", "what a record delivered before whose body changed gets: update (PATCH its object), skip or create; default: the destination's on_change, else update where Clio can")
	c.Flags().StringVar(&fl.ledgerPath, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
}

func (fl *deliverFlags) check() error {
	if fl.concurrency < 1 || fl.concurrency > deliver.MaxConcurrency {
		return usageErrorf("--concurrency %d: give 1 to %d", fl.concurrency, deliver.MaxConcurrency)
	}
	if fl.maxAttempts < 1 || fl.maxAttempts > 100 {
		return usageErrorf("--max-attempts %d: give 1 to 100", fl.maxAttempts)
	}
	if _, err := flowsync.ParseOnChange(fl.onChange); err != nil {
		return usageErrorf("--on-change %q: give %s", fl.onChange, flowsync.Choices)
	}
	return nil
}

// applyOnChange sets --on-change on the opened destination for this run
// (the file keeps its own).
func (fl *deliverFlags) applyOnChange(dv *delivery) error {
	if fl.onChange == "" {
		return nil
	}
	oc, _ := flowsync.ParseOnChange(fl.onChange)
	if oc == flowsync.Update && !dv.plan.CanUpdate() {
		return usageErrorf("--on-change update: the endpoint does not create objects in a collection Clio can update; give skip or create")
	}
	dv.d.OnChange = string(oc)
	return nil
}

func ledgerPathFor(file, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return ledger.DefaultPath(file)
}

// delivery is everything a run needs, opened from a destination file.
type delivery struct {
	d      *flow.Destination
	l      *ledger.Ledger
	client *clio.Client
	plan   *flow.Planner
	label  string
	file   string // the destination file, as the user named it
}

// openDelivery loads the destination, opens its ledger and, unless dry,
// resolves its credential. The ledger is opened before the credential so a
// wrong ledger is reported without touching the keyring.
func openDelivery(ctx context.Context, f *Factory, file, ledgerFlag string, dry bool) (*delivery, error) {
	d, err := loadDestination(f, file)
	if err != nil {
		return nil, err
	}
	dv := &delivery{d: d, file: file}
	base, hasBase, err := destinationHost(f, d)
	if err != nil {
		return nil, usageError(err)
	}
	if !dry || d.Credential != "" || f.Token() != "" {
		store, err := newCredStore(f)
		if err != nil {
			return nil, err
		}
		ts, host, label, err := cred.Resolve(ctx, store, d.Credential, f.Token(), base, hasBase)
		if err != nil {
			if !dry {
				return nil, credError(fmt.Errorf("destination %s: credential: %w", file, err))
			}
		} else {
			base, hasBase, dv.label = host, true, label
			dv.client = destinationClient(d, host, ts)
		}
	}
	if hasBase {
		dv.plan, err = d.PlanOn(base)
	} else {
		dv.plan, err = d.Plan()
	}
	if err != nil {
		return nil, err
	}
	idx, err := destinationIndex(f)
	if err != nil {
		return nil, err
	}
	l, warn, err := idx.OpenLedger(destindex.Run{Dest: ledger.Identity{ID: d.ID, Name: d.Name}, File: file,
		Ledger: ledgerPathFor(file, ledgerFlag), Host: base.String(), Now: f.Now(), Dry: dry})
	if err != nil {
		return nil, fmt.Errorf("destination %s: %w", file, err)
	}
	if warn != nil {
		fmt.Fprintf(f.ErrOut, "warning: %v\n", warn)
	}
	dv.l = l
	// Refused before the destination is set active or anything is sent.
	if err := identityUnchanged(l, dv.plan, file); err != nil {
		l.Close()
		return nil, err
	}
	return dv, nil
}

// identityUnchanged is deliver.CheckIdentity with the destination file
// named in the choices it offers.
func identityUnchanged(l *ledger.Ledger, p *flow.Planner, file string) error {
	err := deliver.CheckIdentity(l, p)
	var ie *deliver.IdentityChangedError
	if errors.As(err, &ie) {
		ie.File = file
	}
	return err
}

// destinationIndex is the destination-id index in the config directory.
func destinationIndex(f *Factory) (destindex.Index, error) {
	dir, err := f.ConfigDir()
	if err != nil {
		return destindex.Index{}, err
	}
	return destindex.Open(dir), nil
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

// runDelivery runs the engine with the renderer that suits the streams and
// turns the outcome into the command's result.
func runDelivery(ctx context.Context, f *Factory, dv *delivery, o deliver.Options, asJSON bool) error {
	defer dv.l.Close()
	o.Destination, o.Ledger, o.Client, o.Planner = dv.d, dv.l, dv.client, dv.plan
	o.Stdin = f.In
	r := newRenderer(f, asJSON, dv.file)
	o.Events = r.handle
	o.ProgressInterval = r.interval()
	sink, err := dv.d.OpenWebhookSink(flow.WebhookOptions{})
	if err != nil {
		return err
	}
	defer sink.Close()
	o.Webhook = sink
	if dv.label != "" && !asJSON {
		if o.Mode == ledger.ModeDryRun {
			fmt.Fprintf(f.ErrOut, "Checking %s (dry run: nothing is sent; credential %s)\n", dv.d.Name, dv.label)
		} else {
			fmt.Fprintf(f.ErrOut, "Sending %s as %s\n", dv.d.Name, dv.label)
		}
	}
	sum, err := deliver.Run(ctx, o)
	r.finish()
	if err != nil {
		return err // interrupted (130), Clio out of reach (3) or a fatal problem (1); the summary is printed
	}
	counts, err := dv.l.Counts()
	if err != nil {
		return err
	}
	return deliveryOutcome(sum, counts, dv.file)
}

// deliveryOutcome turns a finished run into the command's exit: 0 only
// when the ledger holds nothing failed or in doubt and the run left nothing
// unsent; 3 when it stopped early (paused, Clio out of reach); 1 when
// records are failed or in doubt, this run's or earlier ones'.
func deliveryOutcome(sum deliver.Summary, counts map[ledger.State]int, file string) error {
	failed, inDoubt := counts[ledger.Failed], counts[ledger.InDoubt]
	switch {
	case sum.Stopped != "":
		return stoppedf("stopped: %s; %d record(s) not sent stay pending: run cliodest %s %s again", sum.Stopped, sum.Pending, sum.Mode, file)
	case sum.Paused:
		return stoppedf("paused: %d record(s) not sent; cliodest activate %s resumes", sum.Pending, file)
	case sum.Mode == ledger.ModeDryRun:
		if sum.Failed > 0 {
			return failedf("%d record(s) cannot be sent; see the messages above, fix the Nexset or the mapping", sum.Failed)
		}
		return nil
	case failed > 0 || inDoubt > 0:
		hint := "see: cliodest status --failed " + file + ", fix the Nexset, then cliodest retry " + file
		if inDoubt > 0 {
			hint = "see: cliodest status --failed --in-doubt " + file + ", then cliodest retry --in-doubt " + file
		}
		return failedf("%d record(s) failed, %d in doubt in the ledger (this run: %d failed, %d in doubt); %s",
			failed, inDoubt, sum.Failed, sum.InDoubt, hint)
	case sum.Pending > 0:
		return failedf("%d record(s) not sent; run cliodest %s %s again", sum.Pending, sum.Mode, file)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
