package ledger

import "fmt"

// This file serves `retry` and in-doubt reconciliation (flow/deliver): a
// record whose content was fixed since it failed has a new content-derived
// key, so it is found by position. An object found in Clio must not be
// claimed by two records: see HeldIDs (claimed.go).

// AtPos returns the entries recorded at a Nexset position (usually one; more
// when the record's content, hence its content-derived key, changed).
func (l *Ledger) AtPos(pos int) ([]Entry, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	return l.entries("look up position", `SELECT `+entryColumns+` FROM records WHERE pos = ? ORDER BY key`, pos)
}

// Forget removes a Failed record, when a fixed version of it (another key,
// same position) is about to be sent in its place. Anything but Failed is
// refused with a *StateError: a delivered or in-doubt record may exist in
// Clio and its trace must stay.
func (l *Ledger) Forget(key string) error {
	if err := checkKey("forget", 0, key); err != nil {
		return err
	}
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, _ int64) error {
			res, err := t.tx.Exec(`DELETE FROM records WHERE key = ? AND state = 'failed'`, key)
			if err != nil {
				return fmt.Errorf("forget %q: %w", key, err)
			}
			return refusedIfUnchanged(t, res, "forget", key)
		},
	})
}
