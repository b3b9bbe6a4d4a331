package cmd

import (
	"github.com/spf13/cobra"
)

func newEditCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "edit FILE",
		Short: "Open a destination file in the wizard",
		Long: `Edit opens a saved destination in the wizard, every step filled with its
settings, so you can change them, test again and save. It needs a terminal;
scripts edit the YAML file directly (cliodest validate FILE checks it).`,
		Example: `  cliodest edit time-entries.yaml`,
		Args:    oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			if !canPrompt(f) && !accessibleOn(f) {
				return usageErrorf("edit needs a terminal (stdin and stdout); edit %s with a text editor and check it with: cliodest validate %s", args[0], args[0])
			}
			return openWizard(c.Context(), c, f, args[0])
		},
	}
}
