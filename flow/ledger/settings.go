package ledger

import (
	"database/sql"
	"errors"
	"fmt"
)

// settingPrefix keeps the destination's settings apart from the ledger's own
// meta keys.
const settingPrefix = "setting."

// Setting reads a destination setting the ledger remembers (the identity
// settings flow/deliver compares before each run); ok is false when none was
// ever stored.
func (l *Ledger) Setting(name string) (value string, ok bool, err error) {
	if err := l.readable(); err != nil {
		return "", false, err
	}
	err = l.r.QueryRow(`SELECT value FROM meta WHERE key = ?`, settingPrefix+name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, l.classify("read setting "+name, err)
	}
	return value, true, nil
}

// SetSetting stores a destination setting.
func (l *Ledger) SetSetting(name, value string) error {
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, _ int64) error {
			if _, err := t.tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
				settingPrefix+name, value); err != nil {
				return fmt.Errorf("write setting %s: %w", name, err)
			}
			return nil
		},
	})
}

// Rekey renames records: each key of pairs becomes its value, all at once
// (one key may take the name another gives up), and the records of drop
// are forgotten; only a pending or failed record may be dropped, since
// anything else may exist in Clio. The duplicate keys found by earlier runs
// are cleared: the next run finds them under the new keys. Nothing changes
// unless everything does.
func (l *Ledger) Rekey(pairs map[string]string, drop []string) error {
	for old, nw := range pairs {
		if err := checkKey("rekey", 0, nw); err != nil {
			return fmt.Errorf("%w (new key for %q)", err, old)
		}
	}
	return l.submit(&op{
		rows:   len(pairs)*2 + len(drop) + 1,
		atomic: true,
		apply: func(t *txStatements, _ int64) error {
			for _, k := range drop {
				res, err := t.tx.Exec(`DELETE FROM records WHERE key = ? AND state IN ('pending', 'failed')`, k)
				if err != nil {
					return fmt.Errorf("rekey: forget %q: %w", k, err)
				}
				if err := refusedIfUnchanged(t, res, "rekey: forget", k); err != nil {
					return err
				}
			}
			// Through a name no key can have, so that swaps cannot collide.
			for old := range pairs {
				res, err := t.tx.Exec(`UPDATE records SET key = ? WHERE key = ?`, "\x00"+old, old)
				if err != nil {
					return fmt.Errorf("rekey %q: %w", old, err)
				}
				if err := refusedIfUnchanged(t, res, "rekey", old); err != nil {
					return err
				}
			}
			for old, nw := range pairs {
				if _, err := t.tx.Exec(`UPDATE records SET key = ? WHERE key = ?`, nw, "\x00"+old); err != nil {
					return fmt.Errorf("rekey %q to %q: %w", old, nw, err)
				}
			}
			if err := rekeyFindValues(t, pairs, drop); err != nil {
				return err
			}
			if _, err := t.tx.Exec(`DELETE FROM conflicts`); err != nil {
				return fmt.Errorf("rekey: clear conflicts: %w", err)
			}
			return nil
		},
	})
}

// rekeyFindValues moves the find-by values kept (findvalues.go) with their
// records, as Rekey moves them.
func rekeyFindValues(t *txStatements, pairs map[string]string, drop []string) error {
	for _, k := range drop {
		if _, err := t.tx.Exec(`DELETE FROM find_values WHERE key = ?`, k); err != nil {
			return fmt.Errorf("rekey: forget the find-by value of %q: %w", k, err)
		}
	}
	for old := range pairs {
		if _, err := t.tx.Exec(`UPDATE find_values SET key = ? WHERE key = ?`, "\x00"+old, old); err != nil {
			return fmt.Errorf("rekey: the find-by value of %q: %w", old, err)
		}
	}
	for old, nw := range pairs {
		if _, err := t.tx.Exec(`UPDATE OR REPLACE find_values SET key = ? WHERE key = ?`, nw, "\x00"+old); err != nil {
			return fmt.Errorf("rekey: the find-by value of %q to %q: %w", old, nw, err)
		}
	}
	return nil
}
