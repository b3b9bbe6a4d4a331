package ledger

import (
	"database/sql"
	"fmt"
)

// This file serves the quick side of re-activation (flow/sync Basis,
// flow/deliver): a Delivered record's fingerprint is kept with its basis,
// a hash of the destination's body settings, the content hash the body was
// built from and the fingerprint itself. A record whose basis today is the
// one kept is unchanged without its body being built again; anything else
// (no basis, another one, any state but Delivered) takes the full path.

// Based is what the quick path reads of a Delivered record.
type Based struct {
	Fingerprint string
	Basis       int64
	// Was is, for SetBases, the fingerprint the row holds when it is
	// another than Fingerprint (an older style of the same body, which
	// Fingerprint replaces); "" when it is Fingerprint.
	Was string
}

// basesChunk bounds the keys of one look-up.
const basesChunk = 256

// Bases returns, of keys, the Delivered records whose fingerprint has a
// basis; the others are absent from the map.
func (l *Ledger) Bases(keys []string) (map[string]Based, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	out := make(map[string]Based, len(keys))
	err := l.inKeys("look up fingerprints", "bases", basesSQL, basesChunk, keys, func(rows *sql.Rows) error {
		var k string
		var b Based
		if err := rows.Scan(&k, &b.Fingerprint, &b.Basis); err != nil {
			return err
		}
		out[k] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// basesSQL is the look-up of n keys. The unary + keeps SQLite from
// walking state's index (every delivered record) instead of seeking the
// keys, which it prefers for a long list.
func basesSQL(n int) string {
	return `SELECT key, fingerprint, basis FROM records WHERE key IN ` + inList(n) + ` AND +state = 'delivered' AND +basis <> 0`
}

// SetBases records the basis of Delivered records whose fingerprint is the
// one given, or Was when given (a record found unchanged the full way,
// whose row has no basis yet or an old one, or an older style of
// fingerprint, which the one given replaces); a row with another
// fingerprint or state is left alone.
//
// A row whose fingerprint stays gets its basis alone, sparing the rewrite
// of its fingerprint's index entry (records_delivered_print) that setting
// the fingerprint costs: the first run over a ledger without bases makes
// this write for nearly every record.
func (l *Ledger) SetBases(bases map[string]Based) error {
	plain, restyled := make(map[string]Based, len(bases)), map[string]Based{}
	for k, b := range bases {
		if b.Was != "" && b.Was != b.Fingerprint {
			restyled[k] = b
		} else {
			plain[k] = b
		}
	}
	if err := l.writeBased("record the basis", `UPDATE records SET basis = ? WHERE key = ? AND state = 'delivered' AND fingerprint = ?`,
		plain, func(k string, b Based) []any { return []any{b.Basis, k, b.Fingerprint} }); err != nil {
		return err
	}
	return l.writeBased("record the basis", `UPDATE records SET basis = ?, fingerprint = ? WHERE key = ? AND state = 'delivered' AND fingerprint = ?`,
		restyled, func(k string, b Based) []any {
			return []any{b.Basis, truncate(b.Fingerprint, 128), k, b.Was}
		})
}

// writeBased runs q, prepared once, with the args of each key and its
// pair, in one transaction.
func (l *Ledger) writeBased(what, q string, m map[string]Based, args func(string, Based) []any) error {
	if len(m) == 0 {
		return nil
	}
	return l.submit(&op{
		rows: len(m), atomic: len(m) > 1,
		apply: func(t *txStatements, _ int64) error {
			st, err := t.tx.Prepare(q)
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
			defer st.Close()
			for k, b := range m {
				if _, err := st.Exec(args(k, b)...); err != nil {
					return fmt.Errorf("%s of %q: %w", what, k, err)
				}
			}
			return nil
		},
	})
}
