package ledger

import (
	"errors"
	"fmt"
)

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

// Fingerprinted sets the fingerprint and its basis of Delivered records
// that have none (delivered before ledgers kept fingerprints): their body
// today is taken as the one sent. Rows that have one, or are not
// Delivered, are left alone.
func (l *Ledger) Fingerprinted(prints map[string]Based) error {
	return l.writeBased("record the fingerprint", `UPDATE records SET fingerprint = ?, basis = ? WHERE key = ? AND state = 'delivered' AND fingerprint = ''`,
		prints, func(k string, b Based) []any { return []any{truncate(b.Fingerprint, 128), b.Basis, k} })
}

// Rename moves Delivered records to new keys (old → new): without a key
// attribute, a record edited in place has a new content-derived key, and
// is the one delivered at its position. A key that is not Delivered, or a
// new key already held, refuses the whole call and nothing is written.
func (l *Ledger) Rename(keys map[string]string) error {
	if len(keys) == 0 {
		return nil
	}
	for old, nw := range keys {
		if err := errors.Join(checkKey("rename", 0, old), checkKey("rename", 0, nw)); err != nil {
			return err
		}
	}
	return l.submit(&op{
		rows: len(keys), atomic: len(keys) > 1,
		apply: func(t *txStatements, _ int64) error {
			for old, nw := range keys {
				res, err := t.tx.Exec(`UPDATE records SET key = ? WHERE key = ? AND state = 'delivered' AND NOT EXISTS (SELECT 1 FROM records WHERE key = ?)`, nw, old, nw)
				if err != nil {
					return fmt.Errorf("rename %q: %w", old, err)
				}
				if err := refusedIfUnchanged(t, res, "rename", old); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// DeliveredElsewhere reports whether a record with content hash was
// delivered at another position than pos: the sign of a record that moved.
func (l *Ledger) DeliveredElsewhere(hash string, pos int) (bool, error) {
	if err := l.readable(); err != nil {
		return false, err
	}
	if hash == "" {
		return false, nil
	}
	found := false
	err := l.query("look up content", `SELECT `+entryColumns+` FROM records WHERE content_hash = ? AND state = 'delivered' AND pos <> ? LIMIT 1`,
		[]any{hash, pos}, func(Entry) error {
			found = true
			return nil
		})
	return found, err
}

// DeliveredWithPrint returns up to limit Delivered records, other than key,
// whose body had fingerprint print: the delivery a record with a new key
// and the same body may be (a key renamed in the Nexset). Any limit of
// them: where many records share one body, the look-up stays one index
// probe rather than a sort of them all.
func (l *Ledger) DeliveredWithPrint(print, key string, limit int) ([]Entry, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	if print == "" {
		return nil, nil
	}
	return l.entries("look up a fingerprint", `SELECT `+entryColumns+` FROM records WHERE fingerprint = ? AND state = 'delivered' AND key <> ? LIMIT ?`,
		print, key, limit)
}

// ForgetDeleted removes a Delivered record whose object, Clio ID id, was
// deleted in Clio because the record left the Nexset (on_remove: delete):
// the record is new again should it come back. Any other row refuses with
// a *StateError.
func (l *Ledger) ForgetDeleted(key string, id int64) error {
	if err := checkKey("forget a deleted object", 0, key); err != nil {
		return err
	}
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, _ int64) error {
			res, err := t.tx.Exec(`DELETE FROM records WHERE key = ? AND state = 'delivered' AND clio_id = ?`, key, id)
			if err != nil {
				return fmt.Errorf("forget the deleted object of %q: %w", key, err)
			}
			return refusedIfUnchanged(t, res, "forget a deleted object", key)
		},
	})
}

// DeliveredPast counts the Delivered records at positions past pos: without
// a key attribute, the records removed from the end of a Nexset of pos
// records.
func (l *Ledger) DeliveredPast(pos int) (int, error) {
	if err := l.readable(); err != nil {
		return 0, err
	}
	var n int
	if err := l.r.QueryRow(`SELECT count(*) FROM records WHERE state = 'delivered' AND pos > ?`, pos).Scan(&n); err != nil {
		return 0, l.classify("count removed records", err)
	}
	return n, nil
}
