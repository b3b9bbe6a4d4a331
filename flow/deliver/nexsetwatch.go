package deliver

import (
	"fmt"

	"github.com/cliodest/cliodest/flow/nexset"
)

// NexsetChangedError stops a run whose Nexset file changed while it was
// read: records read after the change could mix the old and the new file
// (one record's key with another's content), so none of them is sent.
type NexsetChangedError struct {
	Path string
	What string // what changed
}

func (e *NexsetChangedError) Error() string {
	return fmt.Sprintf("the Nexset %s changed while it was being delivered (%s): run again", e.Path, e.What)
}

func (e *NexsetChangedError) Unwrap() error { return nexset.ErrChanged }

// nexsetWatch holds the fingerprint a file Nexset had when the run started.
// The engine checks it quickly (one stat) before admitting each chunk of
// records, so nothing read after a rewrite is sent, and fully (the ends
// hashed again) when the reader reaches the end. Standard input has nothing
// to check; a followed file checks itself (append only, nexset.Options.Follow).
type nexsetWatch struct {
	path string
	fp   nexset.Fingerprint
	on   bool
}

func watchNexset(path string, follow bool) (*nexsetWatch, error) {
	if path == "-" || follow {
		return &nexsetWatch{}, nil
	}
	fp, err := nexset.TakeFingerprint(path)
	if err != nil {
		return nil, err // an *nexset.OpenError, naming the file
	}
	return &nexsetWatch{path: path, fp: fp, on: true}, nil
}

// check returns a *NexsetChangedError when the file is not the one the run
// started with.
func (w *nexsetWatch) check(quick bool) error {
	if !w.on {
		return nil
	}
	if err := w.fp.Unchanged(w.path, quick); err != nil {
		return &NexsetChangedError{Path: w.path, What: err.Error()}
	}
	return nil
}
