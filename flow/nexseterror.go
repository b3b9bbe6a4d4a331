package flow

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/cliodest/cliodest/flow/nexset"
)

// NexsetError words err, met reading d's Nexset, for someone holding the
// destination file: a missing file (the message names it once) says to check
// nexset.path; another file that cannot be opened is returned as it is; any
// other error is wrapped naming the Nexset.
func (d *Destination) NexsetError(err error) error {
	var oe *nexset.OpenError
	if !errors.As(err, &oe) {
		return fmt.Errorf("reading the Nexset %s: %w", d.NexsetPath(), err)
	}
	if !errors.Is(oe.Err, fs.ErrNotExist) {
		return oe
	}
	hinted := *oe
	hinted.Hint = fmt.Sprintf("check nexset.path (%s) in the destination file, whose folder a relative path starts from", d.Nexset.Path)
	return &hinted
}
