package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
)

func newPauseCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "pause FILE",
		Short: "Pause a destination; a running activation stops gracefully",
		Long: `Pause sets the destination's status to paused in its file. A running
activation of it checks the file every second: it stops sending, lets its
in-flight requests finish, prints its summary and exits 3 (stopped early:
records are left unsent). Activate resumes where it stopped.`,
		Example: `  cliodest pause samples/expenses.yaml`,
		Args:    oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			d, err := loadDestination(f, args[0])
			if err != nil {
				return err
			}
			if d.Status == flow.StatusPaused {
				fmt.Fprintf(f.Out, "%s is already paused\n", args[0])
				return nil
			}
			d.Status = flow.StatusPaused
			if err := flow.Save(args[0], d); err != nil {
				return err
			}
			fmt.Fprintf(f.Out, "%s paused; a running activation stops after its in-flight requests\n", args[0])
			return nil
		},
	}
}
