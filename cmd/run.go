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
// SIGINT, SIGTERM and SIGHUP (a closed terminal, a dropped SSH session)
// cancel the running command's context (cmd.Context()), so a run drains its
// requests in flight and records their answers; a second SIGINT or SIGTERM
// ends the process at once, the usual terminal contract. Once the terminal
// is gone no one can send a second SIGHUP on purpose, so later ones are
// ignored.
func Main(args []string) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		sig := <-sigs
		signal.Reset(os.Interrupt, syscall.SIGTERM) // the next one kills
		signal.Ignore(syscall.SIGHUP)
		cancel(signalled{sig})
	}()
	return runContext(ctx, newSystemFactory(), args)
}

// signalled is the cause of a context cancelled by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return "received " + s.sig.String() }

// interruptedCode is the exit code of a command whose context was
// cancelled: 143 (128 + 15) for SIGTERM, as a service manager expects, 130
// for Ctrl-C, a closed terminal or any other interruption.
func interruptedCode(ctx context.Context) int {
	var s signalled
	if errors.As(context.Cause(ctx), &s) && s.sig == syscall.SIGTERM {
		return exitTerminated
	}
	return exitInterrupted
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
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		// Tab completion answers the shell in a protocol of its own (a tab
		// between a completion and its description): cliodest's own words,
		// which the sanitiser would turn into spaces.
		root.SetOut(f.rawOut())
	}

	c, err := root.ExecuteContextC(ctx)
	code := exitCode(err)
	interrupted := ctx.Err() != nil
	if interrupted {
		code = interruptedCode(ctx)
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
