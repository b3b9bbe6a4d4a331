package cmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/session"
	flowsync "github.com/cliodest/cliodest/flow/sync"
)

// activateOptions are activate's flags and argument.
type activateOptions struct {
	deliverFlags
	file             string
	follow, dry, yes bool
	onRemove         string
}

// newActivateCmd parses activate's flags into activateOptions and hands
// them to runActivate (or a test's run function).
func newActivateCmd(f *Factory, run ...runFunc[activateOptions]) *cobra.Command {
	o := &activateOptions{}
	runF := pickRun(func(ctx context.Context, o *activateOptions) error { return runActivate(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "activate FILE",
		Short: "Deliver a destination's whole Nexset to Clio",
		Long: `Activate sets the destination's status to active and delivers every record of
its Nexset to Clio, as fast as Clio's rate limit allows. Each record's fate is
kept in the ledger beside the destination file, so activating again sends only
what was not delivered. Records Clio refuses are failed with Clio's message
(see status, fix the Nexset or the mapping, then retry). A create whose answer was lost may
have reached Clio: it is left in doubt, never re-sent blindly (retry
--in-doubt looks for it in Clio first).

Records delivered before and absent from the Nexset now (removed) are
counted; their objects stay in Clio unless on_remove is delete (or
--on-remove delete), which deletes them and needs --yes.

"cliodest pause FILE" stops a running activation after its in-flight requests.
Ctrl-C does the same and exits 130.

Exit status: 0 every record of the Nexset is delivered; 1 records are failed
or in doubt (this run's or earlier ones'); 3 the run stopped early (paused,
Clio unreachable, the token refused: the rest stays pending, run it again).`,
		Example: `  cliodest activate samples/expenses.yaml
  cliodest activate --dry-run samples/time-entries.yaml
  cliodest activate --on-remove delete --yes dest.yaml   # delete the objects of removed records
  tail -f entries.jsonl | cliodest activate --follow dest.yaml   # with nexset.path: "-"
  cliodest activate --json dest.yaml | jq -c 'select(.event=="record_failed")'`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			if _, err := flowsync.ParseOnRemove(o.onRemove); err != nil {
				return usageErrorf("--on-remove %q: give %s", o.onRemove, flowsync.RemoveChoices)
			}
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	o.add(c)
	c.Flags().BoolVar(&o.follow, "follow", false, "keep reading records appended to a JSON Lines Nexset (or standard input) until interrupted")
	c.Flags().StringVar(&o.onRemove, "on-remove", "", "what a record delivered before and absent from the Nexset now gets: keep (its object stays in Clio) or delete (needs --yes); default: the destination's on_remove, else keep")
	c.Flags().BoolVar(&o.yes, "yes", false, "confirm on_remove delete: objects of removed records are deleted in Clio")
	c.Flags().BoolVar(&o.dry, "dry-run", false, "check every record (mapping, Clio's published rules) and count what would be sent; send nothing")
	return c
}

// runActivate delivers the destination's whole Nexset through flow/session.
func runActivate(ctx context.Context, f *Factory, o *activateOptions) error {
	r := newRenderer(f, o.asJSON, o.file)
	a := o.activation(f, o.file, r)
	a.Follow, a.DryRun = o.follow, o.dry
	a.OnRemove, a.ConfirmDelete = o.onRemove, o.yes
	return startDelivery(ctx, f, o.file, r, o.asJSON, func(s *session.Session) (*session.Run, error) {
		return s.Activate(ctx, a)
	})
}
