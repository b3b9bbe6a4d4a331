package flow

import "github.com/cliodest/cliodest/flow/sync"

// Print is the fingerprint of the item's body (flow/sync), which the
// ledger keeps with its delivery: of its data object alone for a
// destination without custom fields, else with its custom field values by
// name (Custom).
func (it Item) Print() string {
	if it.Custom == nil {
		return sync.Fingerprint(it.Data)
	}
	return sync.CustomFingerprint(it.Data, it.Custom)
}
