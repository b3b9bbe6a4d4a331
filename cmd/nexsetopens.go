package cmd

import (
	"context"
	"fmt"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// nexsetOpens checks that the destination's Nexset (a file) can be opened
// and its format told, so a destination is not marked active with records
// it cannot read; standard input is only read once the run starts.
func nexsetOpens(ctx context.Context, d *flow.Destination) error {
	if d.NexsetPath() == "-" {
		return nil
	}
	r, err := nexset.Open(ctx, d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		return fmt.Errorf("%s stays %s: %w", d.Name, d.Status, d.NexsetError(err))
	}
	return r.Close()
}
