package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio"
)

func init() {
	// Run the root's persistent pre-run (flag and --base-url checks) even for
	// subcommands that define their own.
	cobra.EnableTraverseRunHooks = true
}

// rootOptions are bare cliodest's flags.
type rootOptions struct {
	dir      string // --dir: the folder the home opens on
	pin      bool   // --base-url was given: a destination the wizard saves keeps it
	commands string // the command list, for the usage error off a terminal
}

// newRootCmd builds the command tree. To add a command, add one line to the
// AddCommand list below. Bare cliodest parses its flags into rootOptions
// and hands them to startWizard (or a test's run function).
func newRootCmd(f *Factory, run ...runFunc[rootOptions]) *cobra.Command {
	var baseURL string
	o := &rootOptions{}
	runF := pickRun(func(ctx context.Context, o *rootOptions) error { return startWizard(ctx, f, o) }, run)
	root := &cobra.Command{
		Use:   "cliodest",
		Short: "Send the records of a Nexset to Clio",
		Long: `cliodest sends the records of a Nexset (a JSON Lines, JSON, CSV or Excel file) to
Clio's API v4 as activities, tasks or any other Clio object.

Run without a command on a terminal in a folder of destination files (or
--dir DIR), it opens the home: every destination with its state and counts,
and keys to activate, pause, retry and inspect them. Elsewhere it opens a
wizard that configures a Clio destination step by step - the Nexset, the credential, the endpoint, the
mapping, what is left out, how records are batched - while showing the exact
requests it would send. The destination is saved to a file; nothing is
delivered until you activate it. Every wizard choice also exists as a command
and flag, so scripts can do the same.`,
		Example: `  # Open the wizard (on a terminal)
  cliodest

  # Rehearse against the built-in Clio-compatible sandbox
  cliodest sandbox

  # Talk to a Clio-compatible server other than Clio's regional hosts
  cliodest --base-url http://127.0.0.1:8765 version`,
		Args:          rejectUnknownSubcommand,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Flags and --base-url are checked before any command runs, so a bad
		// value is a usage error (exit 2), never a failure halfway through.
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			if err := c.ValidateRequiredFlags(); err != nil {
				return usageError(err)
			}
			if err := c.ValidateFlagGroups(); err != nil {
				return usageError(err)
			}
			if c.Name() == "help" || c.Name() == cobra.ShellCompRequestCmd {
				return nil // help and tab completion must work whatever the environment holds
			}
			_, _, err := f.BaseURL()
			return err
		},
		RunE: func(c *cobra.Command, _ []string) error {
			o.pin, o.commands = baseURLFlagged(c), commandList(c.Root())
			return runF(c.Context(), o)
		},
	}
	root.PersistentFlags().StringVar(&baseURL, "base-url", "",
		"Clio-compatible server to use instead of Clio's regional hosts, e.g. the sandbox (env CLIODEST_BASE_URL)")
	root.Flags().StringVar(&o.dir, "dir", "", "folder of destination files to open the home on (default: the working directory)")
	env := f.Env
	f.BaseURL = func() (clio.Host, bool, error) { return resolveBaseURL(baseURL, env) }
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.CompletionOptions.DisableDefaultCmd = true // ours has examples
	root.SuggestionsMinimumDistance = 2

	root.AddCommand(
		newVersionCmd(f),
		newSandboxCmd(f),
		newCompletionCmd(f),
		newLoginCmd(f), newCredentialsCmd(f),
		newNewCmd(f), newValidateCmd(f), newPreviewCmd(f), newTestCmd(f),
		newEditCmd(f),
		newActivateCmd(f), newPauseCmd(f), newStatusCmd(f), newRetryCmd(f), newRekeyCmd(f),
		newDemoCmd(f),
		newDestinationFileTopic(),
	)
	addAccessibleFlag(root, f)

	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Example = "  cliodest help sandbox"
		}
	}
	enforceUsageErrors(root)
	return root
}

// rejectUnknownSubcommand is the Args rule of commands that group others:
// any argument is a mistyped command.
func rejectUnknownSubcommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageErrorf("%s", msg)
}

// enforceUsageErrors makes every argument error in the tree a usage error
// (exit 2), whatever validator a command uses, and makes group commands
// reject unknown subcommands instead of silently printing help.
func enforceUsageErrors(c *cobra.Command) {
	for _, sub := range c.Commands() {
		enforceUsageErrors(sub)
	}
	if c.HasSubCommands() {
		if c.Args == nil {
			c.Args = rejectUnknownSubcommand
		}
		if !c.Runnable() {
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
	if c.Args == nil {
		return
	}
	validate := c.Args
	c.Args = func(c *cobra.Command, args []string) error {
		return usageError(validate(c, args))
	}
}
