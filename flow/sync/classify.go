package sync

import "github.com/cliodest/cliodest/flow/ledger"

// Kind is what a record is on re-activation, against its ledger row.
type Kind int

const (
	// Other: not delivered (absent, pending, failed, in doubt): the
	// delivery engine's usual rules apply. A record in doubt is never
	// changed: whether its object exists is not known.
	Other Kind = iota
	// Unchanged: delivered with this very body. Its row may hold the
	// fingerprint's first style (Classify): the caller records today's.
	Unchanged
	// Changed: delivered, with another body than the record's today.
	Changed
	// Unprinted: delivered before the ledger kept fingerprints, and its
	// content is unchanged as far as the ledger can tell: counted as
	// unchanged, its fingerprint recorded without sending.
	Unprinted
)

// Classify says what a record with body fingerprint print, body data
// object data and content hash is against its ledger entry. data is
// fingerprinted the first way (Fingerprint) only for a row printed so
// before its destination's fingerprints covered custom field values.
func Classify(ent ledger.Entry, known bool, print string, data map[string]any, contentHash string) Kind {
	if !known || ent.State != ledger.Delivered {
		return Other
	}
	if ent.Fingerprint == "" {
		if contentDiffers(ent, contentHash) {
			return Changed // the content it was sent with is known, and differs
		}
		return Unprinted
	}
	if ent.Fingerprint == print {
		return Unchanged
	}
	if olderStyle(ent.Fingerprint, print) && ent.Fingerprint == FirstStyle(print, data) {
		// The data object is as sent; whether the custom field values are
		// is told by the content: the same content builds the same values.
		// Other content may differ in a custom field value or in what no
		// body holds: taken as changed, an update sends what the record
		// gives. Without the content hash the ledger cannot tell: unchanged.
		if contentDiffers(ent, contentHash) {
			return Changed
		}
		return Unchanged
	}
	return Changed
}

// contentDiffers reports whether the content ent was sent with is known
// and differs from contentHash.
func contentDiffers(ent ledger.Entry, contentHash string) bool {
	return ent.ContentHash != "" && contentHash != "" && ent.ContentHash != contentHash
}
