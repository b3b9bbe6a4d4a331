package cmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/flow"
)

// pauseOptions are pause's flags and argument.
type pauseOptions struct {
	file string
}

// newPauseCmd parses pause's flags into pauseOptions and hands them to
// runPause (or a test's run function).
func newPauseCmd(f *Factory, run ...runFunc[pauseOptions]) *cobra.Command {
	o := &pauseOptions{}
	runF := pickRun(func(ctx context.Context, o *pauseOptions) error { return runPause(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "pause FILE",
		Short: "Pause a destination; a running activation stops gracefully",
		Long: `Pause sets the destination's status to paused in its file. A running
activation of it checks the file every second: it stops sending, lets its
in-flight requests finish, prints its summary and exits 3 (stopped early:
records are left unsent). Activate resumes where it stopped.`,
		Example: `  cliodest pause samples/expenses.yaml`,
		Args:    oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			o.file = args[0]
			return runF(c.Context(), o)
		},
	}
	return c
}

// runPause sets the destination's status to paused in its file.
func runPause(ctx context.Context, f *Factory, o *pauseOptions) error {
	d, err := loadDestination(f, o.file)
	if err != nil {
		return err
	}
	if d.Status == flow.StatusPaused {
		fmt.Fprintf(f.Out, "%s is already paused\n", o.file)
		return nil
	}
	d.Status = flow.StatusPaused
	if err := flow.Save(o.file, d); err != nil {
		return err
	}
	fmt.Fprintf(f.Out, "%s paused; a running activation stops after its in-flight requests\n", o.file)
	return nil
}
