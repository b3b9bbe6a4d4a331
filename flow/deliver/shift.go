package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cliodest/cliodest/flow/nexset"
)

// minShifted is how many records delivered at one position and found now
// at another make a Nexset shifted: one could be an edit that happens to
// equal another record.
const minShifted = 2

// ShiftedError stops a run of a destination without a key attribute whose
// Nexset had records inserted or deleted before delivered ones: matched by
// position, they would update the wrong objects in Clio.
type ShiftedError struct {
	Path    string
	Shifted int // records now at another position than the one they were delivered at
	First   int // the first such record's position
}

func (e *ShiftedError) Error() string {
	return fmt.Sprintf("the Nexset %s has records inserted or deleted before records already delivered: %d record(s) delivered before are now at other positions (the first at record %d). "+
		"Without a key attribute records are matched by position, so sending would update the wrong objects in Clio; nothing was sent. "+
		"Set nexset.key to an attribute that identifies each record (an id or reference), or restore the Nexset's order and append new records at the end",
		e.Path, e.Shifted, e.First)
}

// checkShift reads the Nexset once before anything is sent, when records
// are matched by position: a record at a delivered position with other
// content whose content was delivered at another position has moved.
func (e *engine) checkShift(ctx context.Context, path string) error {
	if !e.byPos || path == "-" || e.o.Follow {
		return nil
	}
	r, err := nexset.Open(ctx, path, e.o.Destination.NexsetOptions())
	if err != nil {
		return e.o.Destination.NexsetError(err)
	}
	defer r.Close()
	se := &ShiftedError{Path: path}
	keys := make([]string, 0, chunk)
	posOf := map[string]int{}     // key → position, for records to look up
	hashOf := map[string]string{} // key → content hash
	check := func() error {
		states, err := e.o.Ledger.States(keys)
		if err != nil {
			return fmt.Errorf("reading the ledger: %w", err)
		}
		for _, k := range keys {
			if _, known := states[k]; known {
				continue
			}
			pos := posOf[k]
			es, err := e.o.Ledger.AtPos(pos)
			if err != nil || len(es) == 0 {
				if err != nil {
					return fmt.Errorf("reading the ledger: %w", err)
				}
				continue
			}
			moved, err := e.o.Ledger.DeliveredElsewhere(hashOf[k], pos)
			if err != nil {
				return fmt.Errorf("reading the ledger: %w", err)
			}
			if moved {
				if se.Shifted == 0 {
					se.First = pos
				}
				se.Shifted++
			}
		}
		keys = keys[:0]
		clear(posOf)
		clear(hashOf)
		return nil
	}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var re *nexset.RecordError
		if errors.As(err, &re) {
			continue // failed by the run itself, with its reason
		}
		if err != nil {
			return e.o.Destination.NexsetError(err)
		}
		it, f := e.prep.Prepare(rec)
		if f != nil {
			continue
		}
		keys = append(keys, it.Ref.Key)
		posOf[it.Ref.Key], hashOf[it.Ref.Key] = it.Ref.Pos, it.Ref.Hash
		if len(keys) == chunk {
			if err := check(); err != nil {
				return err
			}
		}
	}
	if err := check(); err != nil {
		return err
	}
	if se.Shifted >= minShifted {
		return se
	}
	return nil
}
