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

// writeRunFound adds to status what find_by made of the last run's records,
// when it found any object already in Clio.
func writeRunFound(w io.Writer, r *runJSON) {
	if r.UpdatedExisting+r.SkippedExisting+r.Ambiguous == 0 {
		return
	}
	fmt.Fprintf(w, "  find_by: created %d, updated %d existing, skipped %d existing, %d ambiguous\n",
		r.Created, r.UpdatedExisting, r.SkippedExisting, r.Ambiguous)
}
