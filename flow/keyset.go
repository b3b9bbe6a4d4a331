package flow

import (
	"context"
	"hash/maphash"
	"slices"
)

// KeySet tells whether a key is one of the Nexset's, from a sorted 64-bit
// hash of each key (8 bytes a record), so a run can tell a delivered
// record that is absent from the Nexset now (flow/sync's removed) without
// holding the keys. Two keys with one hash can only make an absent key
// look present: a removed record may go unnoticed, never a present one
// be taken for removed.
type KeySet struct {
	seed maphash.Seed
	hs   []uint64
}

// Has reports whether key is among the set's keys (see KeySet).
func (s *KeySet) Has(key string) bool {
	if s == nil {
		return false
	}
	_, found := slices.BinarySearch(s.hs, maphash.String(s.seed, key))
	return found
}

// Len is the number of keys read (duplicates counted).
func (s *KeySet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.hs)
}

// FindKeys is FindDuplicateKeys with the set of the Nexset's keys, from
// the same reading of the file (nil set when the destination has no key
// attribute or reads standard input).
func FindKeys(ctx context.Context, d *Destination) (DuplicateKeys, *KeySet, error) {
	var set *KeySet
	dups, err := findDuplicateKeys(ctx, d, func(seed maphash.Seed, hs []uint64) { set = &KeySet{seed: seed, hs: hs} })
	return dups, set, err
}
