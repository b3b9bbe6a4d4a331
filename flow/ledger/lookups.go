package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Lookup is one value found in Clio by a lookup conversion (flow/lookup):
// kept so a later run needs no request for it.
type Lookup struct {
	Collection, Field, Value string // value in its compared form
	ClioID                   int64
	Label                    string
	ResolvedAt               time.Time
}

// CachedLookup returns the cached lookup of a value, if any.
func (l *Ledger) CachedLookup(collection, field, value string) (Lookup, bool, error) {
	if err := l.readable(); err != nil {
		return Lookup{}, false, err
	}
	lk := Lookup{Collection: collection, Field: field, Value: value}
	var at int64
	err := l.r.QueryRow(`SELECT clio_id, label, resolved_at FROM lookups WHERE collection = ? AND field = ? AND value = ?`,
		collection, field, value).Scan(&lk.ClioID, &lk.Label, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Lookup{}, false, nil
	}
	if err != nil {
		return Lookup{}, false, l.classify("read the lookup cache", err)
	}
	lk.ResolvedAt = time.Unix(0, at).UTC()
	return lk, true, nil
}

// RememberLookup caches a value found, with the time of now.
func (l *Ledger) RememberLookup(lk Lookup) error {
	if lk.ClioID <= 0 {
		return fmt.Errorf("ledger: a lookup of %s.%s %q found no id", lk.Collection, lk.Field, lk.Value)
	}
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			_, err := t.tx.Exec(`INSERT INTO lookups (collection, field, value, clio_id, label, resolved_at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (collection, field, value) DO UPDATE SET clio_id = excluded.clio_id, label = excluded.label, resolved_at = excluded.resolved_at`,
				lk.Collection, lk.Field, lk.Value, lk.ClioID, truncate(lk.Label, maxErrMessage), now)
			if err != nil {
				return fmt.Errorf("remember lookup %s.%s %q: %w", lk.Collection, lk.Field, lk.Value, err)
			}
			return nil
		},
	})
}

// ForgetLookups empties the lookup cache (--refresh-lookups): every value
// is looked up again.
func (l *Ledger) ForgetLookups() error {
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, _ int64) error {
			if _, err := t.tx.Exec(`DELETE FROM lookups`); err != nil {
				return fmt.Errorf("forget lookups: %w", err)
			}
			return nil
		},
	})
}
