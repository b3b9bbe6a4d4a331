package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/session"
)

func newActivateCmd(f *Factory) *cobra.Command {
	var fl deliverFlags
	var follow, dry bool
	c := &cobra.Command{
		Use:   "activate FILE",
		Short: "Deliver a destination's whole Nexset to Clio",
		Long: `Activate sets the destination's status to active and delivers every record of
its Nexset to Clio, as fast as Clio's rate limit allows. Each record's fate is
kept in the ledger beside the destination file, so activating again sends only
what was not delivered. Records Clio refuses are failed with Clio's message
(see status, fix the Nexset, then retry). A create whose answer was lost may
have reached Clio: it is left in doubt, never re-sent blindly (retry
--in-doubt looks for it in Clio first).

"cliodest pause FILE" stops a running activation after its in-flight requests.
Ctrl-C does the same and exits 130.

Exit status: 0 every record of the Nexset is delivered; 1 records are failed
or in doubt (this run's or earlier ones'); 3 the run stopped early (paused,
Clio unreachable, the token refused: the rest stays pending, run it again).`,
		Example: `  cliodest activate samples/expenses.yaml
  cliodest activate --dry-run samples/time-entries.yaml
  tail -f entries.jsonl | cliodest activate --follow dest.yaml   # with nexset.path: "-"
  cliodest activate --json dest.yaml | jq -c 'select(.event=="record_failed")'`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if err := fl.check(); err != nil {
				return err
			}
			file := args[0]
			r := newRenderer(f, fl.asJSON, file)
			a := fl.activation(f, file, r)
			a.Follow, a.DryRun = follow, dry
			return startDelivery(c.Context(), f, file, r, fl.asJSON, func(s *session.Session) (*session.Run, error) {
				return s.Activate(c.Context(), a)
			})
		},
	}
	fl.add(c)
	c.Flags().BoolVar(&follow, "follow", false, "keep reading records appended to a JSON Lines Nexset (or standard input) until interrupted")
	c.Flags().BoolVar(&dry, "dry-run", false, "check every record (mapping, Clio's published rules) and count what would be sent; send nothing")
	return c
}
