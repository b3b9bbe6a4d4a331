package flow

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// RecordAt names one record of the Nexset: its position and line.
type RecordAt struct {
	Pos, Line int
}

// DuplicateKeys holds every key the Nexset uses for more than one record,
// with those records in Nexset order. None of them may be sent while the key
// is shared: which record the key (and the object Clio holds under it)
// belongs to would be a guess.
type DuplicateKeys map[string][]RecordAt

// Reason is the failure every record of a duplicated key gets.
func (dk DuplicateKeys) Reason(key string) string {
	return DuplicateReason(key, dk[key])
}

// DuplicateReason says that key is used by the records at, and what to do.
func DuplicateReason(key string, at []RecordAt) string {
	sameLine := true
	for _, a := range at[1:] {
		sameLine = sameLine && a.Line == at[0].Line
	}
	names := make([]string, len(at))
	what := "lines"
	for i, a := range at {
		names[i] = strconv.Itoa(a.Line)
		if sameLine {
			names[i] = strconv.Itoa(a.Pos)
		}
	}
	if sameLine {
		what = "records"
	}
	list := strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	where := ""
	if sameLine {
		where = fmt.Sprintf(" (line %d)", at[0].Line)
	}
	return fmt.Sprintf("key %q is used by %s %s%s: no record with this key is sent until each record's key is unique", key, what, list, where)
}

// FindDuplicateKeys reads the whole Nexset file and returns the keys it uses
// more than once (nil when the destination has no key attribute: content
// keys include the position and cannot repeat). Records that cannot be read
// or have no key are left to the run, which reports them.
//
// Memory is 8 bytes per record (a 64-bit hash of its key);
// only when two hashes meet is the file read a second time, for the keys
// themselves, so that a collision of hashes is never taken for a duplicate.
func FindDuplicateKeys(ctx context.Context, d *Destination) (DuplicateKeys, error) {
	return findDuplicateKeys(ctx, d, nil)
}

// findDuplicateKeys is FindDuplicateKeys; keep, when not nil, is handed
// the sorted hashes of every key (FindKeys).
func findDuplicateKeys(ctx context.Context, d *Destination, keep func(maphash.Seed, []uint64)) (DuplicateKeys, error) {
	if d.Nexset.Key == "" || d.NexsetPath() == "-" {
		return nil, nil
	}
	seed := maphash.MakeSeed()
	var all []uint64 // each key's hash: where they sit is read again only for hashes met twice
	err := EachKey(ctx, d, func(key string, rec nexset.Record) error {
		all = append(all, maphash.String(seed, key))
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(all)
	twice := map[uint64]bool{}
	for i := 1; i < len(all); i++ {
		if all[i] == all[i-1] {
			twice[all[i]] = true
		}
	}
	if keep != nil {
		keep(seed, slices.Clip(all))
	}
	all = nil
	if len(twice) == 0 {
		return nil, nil
	}
	dk := DuplicateKeys{}
	err = EachKey(ctx, d, func(key string, rec nexset.Record) error {
		if twice[maphash.String(seed, key)] {
			dk[key] = append(dk[key], RecordAt{Pos: rec.Pos, Line: rec.Line})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, at := range dk {
		if len(at) < 2 {
			delete(dk, k) // two keys with one hash
		}
	}
	return dk, nil
}

// EachKey calls fn with the key of each record that has one, in order;
// records that cannot be read or have no key are left out. An error from fn
// ends the walk.
func EachKey(ctx context.Context, d *Destination, fn func(key string, rec nexset.Record) error) error {
	r, err := nexset.Open(ctx, d.NexsetPath(), d.NexsetOptions())
	if err != nil {
		return d.NexsetError(err)
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		var re *nexset.RecordError
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &re):
			continue
		case err != nil:
			return d.NexsetError(err)
		}
		if key, err := RecordKey(rec, d); err == nil {
			if err := fn(key, rec); err != nil {
				return err
			}
		}
	}
}

// RecordKey is the key a record is delivered under, as Prepare computes it.
func RecordKey(rec nexset.Record, d *Destination) (string, error) {
	fields := rec.Fields
	if len(d.Exclude) > 0 {
		fields = stripExcluded(fields, d.Exclude)
	}
	return recordKey(fields, rec, d.Nexset.Key)
}
