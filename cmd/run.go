package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Main runs cliodest with the real streams and returns the exit code.
// SIGINT and SIGTERM cancel the running command's context (cmd.Context());
// a second signal ends the process at once, the usual terminal contract.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore default handling so the next Ctrl-C kills
	}()
	return runContext(ctx, newSystemFactory(), args)
}

// run executes the command line args against f and returns the exit code.
func run(f *Factory, args []string) int {
	return runContext(context.Background(), f, args)
}

// runContext is run with a context whose cancellation means "interrupted".
func runContext(ctx context.Context, f *Factory, args []string) int {
	f.fillDefaults()
	return execute(ctx, f, newRootCmd(f), args)
}

// execute runs root and turns the outcome into an exit code, printing the
// error once as "cliodest: <message>" on f.ErrOut.
func execute(ctx context.Context, f *Factory, root *cobra.Command, args []string) int {
	if args == nil {
		args = []string{} // nil would make cobra read os.Args
	}
	root.SetArgs(args)
	root.SetIn(f.In)
	root.SetOut(f.Out)
	root.SetErr(f.ErrOut)

	c, err := root.ExecuteContextC(ctx)
	code := exitCode(err)
	interrupted := ctx.Err() != nil
	if interrupted {
		code = exitInterrupted
	}
	if err != nil && !(interrupted && errors.Is(err, context.Canceled)) {
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Err != nil {
			fmt.Fprintf(f.ErrOut, "%s: %v\n", root.Name(), err)
		}
		if isUsage(err) && c != nil {
			fmt.Fprintf(f.ErrOut, "Run '%s --help' for usage.\n", c.CommandPath())
		}
	}
	return code
}
