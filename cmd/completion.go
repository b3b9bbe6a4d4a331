package cmd

import (
	"github.com/spf13/cobra"
)

// newCompletionCmd replaces cobra's default completion command so that it
// has examples like every other command.
func newCompletionCmd(f *Factory) *cobra.Command {
	var noDesc bool
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
			root := c.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(f.rawOut(), !noDesc)
			case "zsh":
				if noDesc {
					return root.GenZshCompletionNoDesc(f.rawOut())
				}
				return root.GenZshCompletion(f.rawOut())
			case "fish":
				return root.GenFishCompletion(f.rawOut(), !noDesc)
			case "powershell":
				if noDesc {
					return root.GenPowerShellCompletion(f.rawOut())
				}
				return root.GenPowerShellCompletionWithDesc(f.rawOut())
			}
			return usageErrorf("unsupported shell %q", args[0]) // unreachable: Args checks it
		},
	}
	c.Flags().BoolVar(&noDesc, "no-descriptions", false, "leave descriptions out of the completions")
	return c
}
