package sync

import (
	"crypto/sha256"
	"encoding/binary"
)

// Basis ties a fingerprint to what it was made from: the destination's body
// settings (flow.Planner.BodySettings), the record's content hash and the
// fingerprint of the body built from them. The ledger keeps it with a
// delivery; a re-activation that computes the same basis from the record's
// content today and the fingerprint the ledger holds knows the record
// unchanged without building its body, since the same settings build the
// same body from the same content. Look-ups are no part of it, as they are
// no part of the fingerprint (the firm's references, not the IDs found).
//
// 0 means none: without settings, content hash or fingerprint nothing can
// be told, and the record is built and compared.
func Basis(settings, contentHash, print string) int64 {
	if settings == "" || contentHash == "" || print == "" {
		return 0
	}
	h := sha256.New()
	for _, s := range []string{settings, contentHash, print} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	var sum [sha256.Size]byte
	b := int64(binary.BigEndian.Uint64(h.Sum(sum[:0])))
	if b == 0 {
		return 1 // 0 is none
	}
	return b
}
