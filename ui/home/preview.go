package home

import (
	"context"
	"fmt"
	"time"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// lookupWait bounds a preview's look-ups: a Clio that does not answer
// leaves them "looked up when sent" rather than holding the preview.
const lookupWait = 15 * time.Second

// Previewer builds the samples of d's first n records (recs) as cliodest
// preview does; note says why look-ups were not made ("" when they were,
// or d has none).
type Previewer func(ctx context.Context, d *flow.Destination, recs []nexset.Record, n int) (samples []flow.Sample, note string, err error)

// SessionPreviewer previews through flow/session with d's credential, so
// the samples show the IDs d's look-ups find, as cliodest preview does.
func SessionPreviewer(s *session.Session) Previewer {
	return func(ctx context.Context, d *flow.Destination, recs []nexset.Record, n int) ([]flow.Sample, string, error) {
		if !d.HasLookups() {
			samples, err := s.Preview(ctx, d, recs, n, nil)
			return samples, "", err
		}
		ctx, cancel := context.WithTimeout(ctx, lookupWait)
		defer cancel()
		conn, err := s.ClientFor(ctx, d)
		if err != nil {
			p, perr := s.Plan(d, nil)
			if perr != nil {
				return nil, "", perr
			}
			return p.Samples(recs, n), fmt.Sprintf("Look-ups are %s: credential %q: %v", flow.LookedUpWhenSent, d.Credential, err), nil
		}
		samples, err := s.Preview(ctx, d, recs, n, conn)
		if ctx.Err() != nil {
			return samples, fmt.Sprintf("Look-ups are %s: Clio did not answer within %s", flow.LookedUpWhenSent, lookupWait), err
		}
		return samples, "", err
	}
}
