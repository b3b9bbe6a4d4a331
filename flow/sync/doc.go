// Package sync keeps Clio in step with the Nexset on re-activation: it owns
// the fingerprint of the body a record was delivered with, and the
// classification of a record against its ledger row — new (created),
// unchanged (skipped), changed (updated, skipped or created again, as the
// destination's on_change says). It knows no requests and no terminal:
// flow/deliver acts on its verdicts.
package sync
