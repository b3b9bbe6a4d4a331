package cmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// canPrompt reports whether cliodest may ask questions: only when both
// stdin and stdout are terminals, so scripts and pipes never hang.
func canPrompt(f *Factory) bool {
	return f.InTTY && f.OutTTY
}

// startWizard is what bare `cliodest` does: the wizard on a terminal, a
// usage error elsewhere.
func startWizard(c *cobra.Command, f *Factory) error {
	if !canPrompt(f) {
		return usageErrorf("no command given and the wizard needs a terminal (stdin and stdout); use a command:\n%s", commandList(c.Root()))
	}
	return runWizard(c.Context(), c, f)
}

// runWizard is the hook for the interactive wizard (package ui). It is a
// placeholder until the wizard lands: it only points at the commands.
// Replace its body with the call into ui; keep the signature.
func runWizard(_ context.Context, c *cobra.Command, f *Factory) error {
	_, err := fmt.Fprintf(f.Out, "The interactive wizard is not part of this build yet. Meanwhile, use a command:\n%s\nRun '%s --help' for details.\n",
		commandList(c.Root()), c.Root().Name())
	return err
}

// commandList renders the visible subcommands of root, one per line.
func commandList(root *cobra.Command) string {
	var b strings.Builder
	width := 0
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() && len(sub.Name()) > width {
			width = len(sub.Name())
		}
	}
	for _, sub := range root.Commands() {
		if !sub.IsAvailableCommand() {
			continue
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, sub.Name(), sub.Short)
	}
	return b.String()
}
