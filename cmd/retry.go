package cmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow/session"
)

// retryOptions are retry's flags and argument.
type retryOptions struct {
	deliverFlags
	file               string
	inDoubt, overwrite bool
}

// newRetryCmd parses retry's flags into retryOptions and hands them to run
// (runRetry; a test gives its own to check the parsing alone).
func newRetryCmd(f *Factory, run ...runFunc[retryOptions]) *cobra.Command {
	o := &retryOptions{}
	runF := pickRun(func(ctx context.Context, o *retryOptions) error { return runRetry(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "retry FILE",
		Short: "Send the failed records of a destination again",
		Long: `Retry re-reads the Nexset and sends again the records the ledger holds as
failed — as they are now, so a record fixed in the Nexset since is sent fixed.
A record is matched to the ledger by its key (nexset.key); when the destination
has none, its key is a hash of its content and position, so a fixed record is
recognised by its position instead.

--in-doubt also resolves records left in doubt: an update (PATCH) is sent
again; a create (POST) is first looked for in Clio — the collection it was
posted to, created since the record was first tried, compared on the plain
attributes sent. Found, it is marked delivered with Clio's id; not found, it is
sent.

An edit conflict (an update that found its object changed in Clio since
cliodest last wrote it; status --conflicts) is left alone: Clio keeps the
staff's values. --overwrite-conflicts sends such records again, with the etag
Clio showed when the conflict was reported, so a change made in Clio after
that is a conflict again rather than overwritten.`,
		Example: `  cliodest retry samples/expenses.yaml
  cliodest retry --in-doubt samples/expenses.yaml
  cliodest retry --overwrite-conflicts samples/expenses.yaml`,
		Args: oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	o.add(c)
	c.Flags().BoolVar(&o.overwrite, "overwrite-conflicts", false, "also send the edit conflicts (status --conflicts) over the change made in Clio; a change made after the conflict was reported is a conflict again")
	c.Flags().BoolVar(&o.inDoubt, "in-doubt", false, "also resolve records left in doubt (creates are looked for in Clio before sending)")
	return c
}

// runRetry sends the failed records again (and resolves those in doubt
// with --in-doubt) through flow/session.
func runRetry(ctx context.Context, f *Factory, o *retryOptions) error {
	r := newRenderer(f, o.asJSON, o.file)
	a := o.activation(f, o.file, r)
	a.OverwriteConflicts = o.overwrite
	return startDelivery(ctx, f, o.file, r, o.asJSON, func(s *session.Session) (*session.Run, error) {
		if o.inDoubt {
			return s.Resolve(ctx, a)
		}
		return s.Retry(ctx, a)
	})
}
