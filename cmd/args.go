package cmd

import (
	"strings"

	"github.com/spf13/cobra"
)

// oneFile is the Args rule of the commands that act on one destination
// file: none, or more than one, is a usage error that says which file the
// command wants and shows the form, instead of cobra's "accepts 1 arg(s)".
func oneFile(c *cobra.Command, args []string) error {
	switch len(args) {
	case 1:
		return nil
	case 0:
		return usageErrorf("%s needs the destination file to act on, e.g. %s time-entries.yaml", c.Name(), c.CommandPath())
	default:
		return usageErrorf("%s takes one destination file, got %d: %s (quote a path that holds spaces)",
			c.Name(), len(args), strings.Join(args, " "))
	}
}
