package cmd

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/docs"
)

// newDestinationFileTopic is `cliodest help destination-file`: the
// destination file's reference (docs/destination-file.md), for a user who
// installed a binary and has no docs folder. A command with no Run is an
// additional help topic for cobra.
func newDestinationFileTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "destination-file",
		Short: "Every field of a destination file (what the wizard and new write)",
		Long:  strings.TrimSpace(docs.DestinationFile),
		Example: `  cliodest help destination-file | less
  cliodest help destination-file | grep -A 12 '### batching'`,
	}
}
