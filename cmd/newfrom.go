package cmd

import (
	"fmt"
	"path/filepath"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/internal/realpath"
)

// runNewFrom is new --from FILE -o COPY: the same settings under a new id,
// so the copy gets its own ledger and delivers its records separately
// (a plain cp keeps the id, and activating it is refused while the
// original's ledger holds deliveries).
func runNewFrom(f *Factory, o *newOptions) error {
	if o.beyondFrom {
		return usageErrorf("--from copies %s as it is: only -o, --name and --force apply; change the copy afterwards (cliodest edit COPY)", o.from)
	}
	if o.out == "" {
		return usageErrorf("-o FILE is required: where to write the copy")
	}
	if err := checkOutput(o); err != nil {
		return err
	}
	if realpath.Of(o.out) == realpath.Of(o.from) {
		return usageErrorf("-o %s is --from's own file: give the copy another name", o.out)
	}
	d, err := loadDestination(f, o.from)
	if err != nil {
		return err
	}
	old := d.ID
	d.ID, d.Status = flow.NewID(), flow.StatusPaused
	if o.name != "" {
		d.Name = o.name
	}
	if err := d.Relocate(filepath.Dir(o.out)); err != nil {
		return usageErrorf("-o %s: %w", o.out, err)
	}
	if err := flow.Save(o.out, d); err != nil {
		return err
	}
	_, err = fmt.Fprintf(f.Out, "Wrote %s (paused): a copy of %s with a new id (%s, was %s); it has its own ledger and delivers its records separately\n", o.out, o.from, d.ID, old)
	return err
}
