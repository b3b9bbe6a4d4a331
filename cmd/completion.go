package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

// newCompletionCmd replaces cobra's default completion command so that it
// has examples like every other command.
func newCompletionCmd(f *Factory, run ...runFunc[completionOptions]) *cobra.Command {
	o := &completionOptions{}
	runF := pickRun(func(_ context.Context, o *completionOptions) error { return runCompletion(f, o) }, run)
	c := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print a shell completion script",
		Long: `Print the script that makes your shell complete cliodest's commands, flags
and arguments. Load it once in the current shell, or install it so every new
shell has it (see the examples).`,
		Example: `  # bash: now, then for every new shell
  source <(cliodest completion bash)
  cliodest completion bash > /etc/bash_completion.d/cliodest

  # zsh (with compinit enabled)
  cliodest completion zsh > "${fpath[1]}/_cliodest"

  # fish
  cliodest completion fish > ~/.config/fish/completions/cliodest.fish

  # PowerShell
  cliodest completion powershell | Out-String | Invoke-Expression`,
		ValidArgs:             []string{"bash", "zsh", "fish", "powershell"},
		Args:                  cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		DisableFlagsInUseLine: true,
		RunE: func(c *cobra.Command, args []string) error {
			o.shell, o.root = args[0], c.Root()
			return runF(c.Context(), o)
		},
	}
	c.Flags().BoolVar(&o.noDesc, "no-descriptions", false, "leave descriptions out of the completions")
	return c
}

// completionOptions are completion's flags and argument.
type completionOptions struct {
	shell  string
	noDesc bool
	root   *cobra.Command // the commands to complete
}

// runCompletion prints the shell's completion script.
func runCompletion(f *Factory, o *completionOptions) error {
	root := o.root
	switch o.shell {
	case "bash":
		return root.GenBashCompletionV2(f.rawOut(), !o.noDesc)
	case "zsh":
		if o.noDesc {
			return root.GenZshCompletionNoDesc(f.rawOut())
		}
		return root.GenZshCompletion(f.rawOut())
	case "fish":
		return root.GenFishCompletion(f.rawOut(), !o.noDesc)
	case "powershell":
		if o.noDesc {
			return root.GenPowerShellCompletion(f.rawOut())
		}
		return root.GenPowerShellCompletionWithDesc(f.rawOut())
	}
	return usageErrorf("unsupported shell %q", o.shell) // unreachable: Args checks it
}
