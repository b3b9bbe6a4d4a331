package sync

import "github.com/cliodest/cliodest/flow/ledger"

// Kind is what a record is on re-activation, against its ledger row.
type Kind int

const (
	// Other: not delivered (absent, pending, failed, in doubt): the
	// delivery engine's usual rules apply. A record in doubt is never
	// changed: whether its object exists is not known.
	Other Kind = iota
	// Unchanged: delivered with this very body.
	Unchanged
	// Changed: delivered, with another body than the record's today.
	Changed
	// Unprinted: delivered before the ledger kept fingerprints, and its
	// content is unchanged as far as the ledger can tell: counted as
	// unchanged, its fingerprint recorded without sending.
	Unprinted
)

// Classify says what a record with body fingerprint print and content hash
// is against its ledger entry.
func Classify(ent ledger.Entry, known bool, print, contentHash string) Kind {
	if !known || ent.State != ledger.Delivered {
		return Other
	}
	if ent.Fingerprint == "" {
		if ent.ContentHash != "" && contentHash != "" && ent.ContentHash != contentHash {
			return Changed // the content it was sent with is known, and differs
		}
		return Unprinted
	}
	if ent.Fingerprint == print {
		return Unchanged
	}
	return Changed
}
