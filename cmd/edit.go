package cmd

import (
	"context"

	"github.com/spf13/cobra"
)

// editOptions are edit's flags and argument.
type editOptions struct {
	file string
	pin  bool // --base-url was given: the saved destination keeps it
}

// newEditCmd parses edit's flags into editOptions and hands them to
// runEdit (or a test's run function).
func newEditCmd(f *Factory, run ...runFunc[editOptions]) *cobra.Command {
	o := &editOptions{}
	runF := pickRun(func(ctx context.Context, o *editOptions) error { return runEdit(ctx, f, o) }, run)
	c := &cobra.Command{
		Use:   "edit FILE",
		Short: "Open a destination file in the wizard",
		Long: `Edit opens a saved destination in the wizard, every step filled with its
settings, so you can change them, test again and save. It needs a terminal;
scripts edit the YAML file directly (cliodest validate FILE checks it).`,
		Example: `  cliodest edit time-entries.yaml`,
		Args:    oneFile,
		RunE: func(c *cobra.Command, args []string) error {
			o.file, o.pin = args[0], baseURLFlagged(c)
			return runF(c.Context(), o)
		},
	}
	return c
}

// runEdit opens the destination in the wizard, on a terminal.
func runEdit(ctx context.Context, f *Factory, o *editOptions) error {
	if !canPrompt(f) && !accessibleOn(f) {
		return usageErrorf("edit needs a terminal (stdin and stdout); edit %s with a text editor and check it with: cliodest validate %s", o.file, o.file)
	}
	return openWizard(ctx, f, o.pin, o.file)
}
