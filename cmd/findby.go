package cmd

import (
	"fmt"
	"io"

	"github.com/cliodest/cliodest/flow/deliver"
)

// writeFound adds what find_by made of the records to the summary line,
// when the destination finds before creating.
func writeFound(w io.Writer, s deliver.Summary) {
	if s.FindBy == "" {
		return
	}
	fmt.Fprintf(w, " · find_by %s: created %d, updated %d existing, skipped %d existing, %d ambiguous",
		s.FindBy, s.Created, s.UpdatedExisting, s.SkippedExisting, s.Ambiguous)
}
