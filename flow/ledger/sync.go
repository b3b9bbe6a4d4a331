package ledger

import "fmt"

// This file serves re-activation (flow/sync, flow/deliver): a delivered
// record whose body changed is reopened so its object can be updated, and
// rows delivered before fingerprints existed get today's.

// Reopen turns Delivered records back into Pending, keeping Clio's ID and
// fingerprint, so that MarkInFlight admits the update of their object. A
// crash after it leaves them pending with their ID: the next run updates
// them, never creates them again. A key that is not Delivered is refused
// with a *StateError and nothing is written.
func (l *Ledger) Reopen(keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	for i, k := range keys {
		if err := checkKey("reopen", i, k); err != nil {
			return err
		}
	}
	if err := checkUnique("reopen", func(i int) string { return keys[i] }, len(keys)); err != nil {
		return err
	}
	return l.submit(&op{
		rows: len(keys), atomic: len(keys) > 1,
		apply: func(t *txStatements, now int64) error {
			for _, k := range keys {
				res, err := t.tx.Exec(`UPDATE records SET state = 'pending', updated_at = ? WHERE key = ? AND state = 'delivered' AND clio_id <> 0`, now, k)
				if err != nil {
					return fmt.Errorf("reopen %q: %w", k, err)
				}
				if err := refusedIfUnchanged(t, res, "reopen", k); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// Fingerprinted sets the fingerprint of Delivered records that have none
// (delivered before ledgers kept fingerprints): their body today is taken
// as the one sent. Rows that have one, or are not Delivered, are left alone.
func (l *Ledger) Fingerprinted(prints map[string]string) error {
	if len(prints) == 0 {
		return nil
	}
	return l.submit(&op{
		rows: len(prints), atomic: len(prints) > 1,
		apply: func(t *txStatements, _ int64) error {
			for k, fp := range prints {
				if _, err := t.tx.Exec(`UPDATE records SET fingerprint = ? WHERE key = ? AND state = 'delivered' AND fingerprint = ''`, truncate(fp, 128), k); err != nil {
					return fmt.Errorf("record the fingerprint of %q: %w", k, err)
				}
			}
			return nil
		},
	})
}
