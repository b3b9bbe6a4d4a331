package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Fingerprint is a short hash of the body's data object as it is sent
// (after mapping, exclusion and look-ups). encoding/json sorts map keys, so
// equal bodies have equal fingerprints. It keeps nothing readable of the
// body: the ledger holds it, and a body may hold what must not be stored.
func Fingerprint(data map[string]any) string {
	b, err := json.Marshal(data)
	if err != nil {
		return "" // a body that cannot be encoded is never sent
	}
	sum := sha256.Sum256(b)
	return "f:" + hex.EncodeToString(sum[:12])
}
