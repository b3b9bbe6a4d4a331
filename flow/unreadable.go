package flow

import (
	"context"
	"errors"
	"io"

	"github.com/cliodest/cliodest/flow/nexset"
)

// UnreadableRecords reads the whole Nexset (a file) and returns the records
// it cannot send as read — too large for max_request_bytes, not JSON, not
// an object — past the first after records (which the samples report), at
// most max of them, and how many there are in all. Records are streamed: a
// too-large one is skipped unread, so memory stays flat.
func UnreadableRecords(ctx context.Context, d *Destination, after, max int) ([]*nexset.RecordError, int, error) {
	if d.NexsetPath() == "-" {
		return nil, 0, nil
	}
	r, err := nexset.Open(ctx, d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		return nil, 0, d.NexsetError(err)
	}
	defer r.Close()
	var bad []*nexset.RecordError
	total := 0
	for {
		_, err := r.Next()
		var re *nexset.RecordError
		switch {
		case errors.Is(err, io.EOF):
			return bad, total, nil
		case errors.As(err, &re):
			if re.Pos <= after {
				continue
			}
			if total++; len(bad) < max {
				bad = append(bad, re)
			}
		case err != nil:
			return nil, 0, d.NexsetError(err)
		}
	}
}
