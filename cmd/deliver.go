package cmd

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
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
	onConflict  string // --on-conflict: overrides the destination's on_conflict for this run
}

func (fl *deliverFlags) add(c *cobra.Command) {
	c.Flags().IntVar(&fl.concurrency, "concurrency", deliver.DefaultConcurrency, "requests in flight at once (1–64); Clio's rate limit bounds the pace anyway")
	c.Flags().IntVar(&fl.maxAttempts, "max-attempts", deliver.DefaultMaxAttempts, "attempts per request on 429, 5xx, timeouts and connection errors before the record fails")
	c.Flags().BoolVar(&fl.asJSON, "json", false, "print the run's events as JSON Lines on standard output (for scripts)")
	c.Flags().BoolVar(&fl.refresh, "refresh-lookups", false, "forget the lookups cached in the ledger: every value is looked up in Clio again")
	c.Flags().StringVar(&fl.onChange, "on-change", "", "what a record delivered before whose body changed gets: update (PATCH its object), skip or create; default: the destination's on_change, else update where Clio can")
	c.Flags().StringVar(&fl.onConflict, "on-conflict", "", "what the update of a changed record does when its object changed in Clio since cliodest wrote it: skip (keep Clio's, report an edit conflict) or overwrite; default: the destination's on_conflict, else skip")
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
	if _, err := flowsync.ParseOnConflict(fl.onConflict); err != nil {
		return usageErrorf("--on-conflict %q: give %s", fl.onConflict, flowsync.ConflictChoices)
	}
	return nil
}

// activation is the flags as flow/session's activation of file, its
// events drawn by r.
func (fl *deliverFlags) activation(f *Factory, file string, r *renderer) session.Activation {
	return session.Activation{File: file, Ledger: fl.ledgerPath, RefreshLookups: fl.refresh, OnChange: fl.onChange, OnConflict: fl.onConflict,
		Concurrency: fl.concurrency, MaxAttempts: fl.maxAttempts, Events: r.handle, ProgressInterval: r.interval(), Stdin: f.In}
}

// destinationIndex is the destination-id index in the config directory.
func destinationIndex(f *Factory) (destindex.Index, error) {
	dir, err := f.ConfigDir()
	if err != nil {
		return destindex.Index{}, err
	}
	return destindex.Open(dir), nil
}

// startDelivery opens a run through flow/session (open, an activation or
// retry of file), then runs it with its events drawn by r and turns the
// outcome into the command's result.
func startDelivery(ctx context.Context, f *Factory, file string, r *renderer, asJSON bool,
	open func(*session.Session) (*session.Run, error)) error {
	s, err := newSession(f)
	if err != nil {
		return err
	}
	run, err := open(s)
	if err != nil {
		return sessionError(f, file, err)
	}
	if run.Warning != nil {
		fmt.Fprintf(f.ErrOut, "warning: %v\n", run.Warning)
	}
	if run.Label != "" && !asJSON {
		if run.Mode == ledger.ModeDryRun {
			fmt.Fprintf(f.ErrOut, "Checking %s (dry run: nothing is sent; credential %s)\n", run.Destination.Name, run.Label)
		} else {
			fmt.Fprintf(f.ErrOut, "Sending %s as %s\n", run.Destination.Name, run.Label)
		}
	}
	res, err := run.Go(ctx)
	r.finish()
	if err != nil {
		return err // interrupted (130), Clio out of reach (3) or a fatal problem (1); the summary is printed
	}
	return deliveryOutcome(res.Summary, res.Counts, file)
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
		hint := "see: cliodest status --failed " + file + ", fix the Nexset or the mapping, then cliodest retry " + file
		if inDoubt > 0 {
			hint = "see: cliodest status --failed --in-doubt " + file + ", then cliodest retry --in-doubt " + file
		}
		return failedf("%d record(s) failed, %d in doubt in the ledger (this run: %d failed, %d in doubt); %s%s",
			failed, inDoubt, sum.Failed, sum.InDoubt, hint, conflictHint(sum, file))
	case sum.Pending > 0:
		return failedf("%d record(s) not sent; run cliodest %s %s again", sum.Pending, sum.Mode, file)
	}
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
