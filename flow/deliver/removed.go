package deliver

import (
	"context"
	"errors"
	"io"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/nexset"
)

// Removed lists the records delivered before and absent from the Nexset
// now (flow/sync's removed records): a delivered key no record has today.
// Without a key attribute an edited record keeps its position, so only a
// delivered position past the Nexset's end is removed. Their objects stay
// in Clio; this only reports them.
func Removed(ctx context.Context, d *flow.Destination, l *ledger.Ledger) ([]ledger.Entry, error) {
	if d.Nexset.Path == "-" {
		return nil, errors.New("the Nexset is standard input: what was removed from it cannot be told")
	}
	p, err := d.Plan()
	if err != nil {
		return nil, err
	}
	r, err := nexset.Open(ctx, d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		return nil, d.NexsetError(err)
	}
	defer r.Close()
	keys := map[string]bool{}
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *nexset.RecordError
		if errors.As(err, &re) {
			n++
			continue
		}
		if err != nil {
			return nil, d.NexsetError(err)
		}
		n++
		it, f := p.Prepare(rec)
		switch {
		case f != nil && f.Key != "":
			keys[f.Key] = true
		case f == nil:
			keys[it.Ref.Key] = true
		}
	}
	byPos := d.Nexset.Key == ""
	var out []ledger.Entry
	err = l.Each(ledger.Delivered, func(e ledger.Entry) error {
		if !keys[e.Key] && (!byPos || e.Pos > n) {
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
