package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// rekeyOptions are rekey's flags and argument.
type rekeyOptions struct {
	file, ledgerPath, from string
}

// newRekeyCmd parses rekey's flags into rekeyOptions and hands them to
// runRekey (or a test's run function).
func newRekeyCmd(f *Factory, run ...runFunc[rekeyOptions]) *cobra.Command {
	o := &rekeyOptions{}
	runF := pickRun(func(ctx context.Context, o *rekeyOptions) error { return runRekey(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "rekey FILE",
		Short: "Move a destination's ledger to its new nexset.key",
		Long: `Rekey is for a destination whose nexset.key changed after records were
delivered (activate and retry refuse to send then, since every record would
look new). It reads the Nexset twice, pairs each record's key under the
nexset.key the ledger was written with and under the current one, and renames
the ledger's records, all at once. It refuses, changing nothing, unless every
record that may exist in Clio (delivered, in doubt) is in the Nexset under
its old key and the new keys are unique; pending and failed records that are
no longer in the Nexset are forgotten (they never reached Clio). A changed
endpoint cannot be re-keyed: restore it, or start a new destination. A ledger
written before cliodest remembered the key does not say which attribute it
was: name it with --from. Nothing is sent to Clio.`,
		Example: `  cliodest rekey samples/time-entries.yaml
  cliodest rekey --from entry_id samples/time-entries.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	c.Flags().StringVar(&o.ledgerPath, "ledger", "", "ledger file (default: beside the destination file, NAME.ledger.db)")
	c.Flags().StringVar(&o.from, "from", "", "the attribute the ledger's records were keyed by, when the ledger does not remember it (written by an older cliodest)")
	return c
}

// runRekey renames the ledger's records to the destination's current nexset.key.
func runRekey(ctx context.Context, f *Factory, o *rekeyOptions) error {
	file := o.file
	lp := session.LedgerPath(file, o.ledgerPath)
	if !fileExists(lp) {
		return failedf("%s has never been activated: its ledger %s does not exist, so there is nothing to re-key", file, lp)
	}
	d, err := loadDestination(f, file)
	if err != nil {
		return err
	}
	p, err := d.Plan()
	if err != nil {
		return err
	}
	l, err := ledger.Open(lp, ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		return fmt.Errorf("destination %s: %w", file, err)
	}
	defer l.Close()
	rep, err := deliver.Rekey(ctx, d, p, l, o.from)
	if err != nil {
		return failedf("%s: cannot re-key the ledger: %w", file, err)
	}
	if rep.From.Key == rep.To.Key {
		fmt.Fprintf(f.Out, "%s: nexset.key is what the ledger was written with: nothing to re-key\n", file)
		return nil
	}
	fmt.Fprintf(f.Out, "%s: the ledger now uses %s: %d record(s) re-keyed", file, keyName(rep.To.Key), rep.Renamed)
	if rep.Dropped > 0 {
		fmt.Fprintf(f.Out, ", %d pending or failed record(s) no longer in the Nexset forgotten", rep.Dropped)
	}
	fmt.Fprintf(f.Out, "; cliodest activate %s sends only what is not delivered\n", file)
	return nil
}

func keyName(k string) string {
	if k == "" {
		return "content keys (no nexset.key)"
	}
	return fmt.Sprintf("nexset.key %q", k)
}
