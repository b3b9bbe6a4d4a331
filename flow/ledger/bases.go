package ledger

import (
	"database/sql"
	"fmt"
	"math/bits"
	"strings"
	"sync"
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
}

// basesChunk bounds the keys of one look-up. Statements are prepared per
// power of two of keys (the list padded with its last key), so a run
// compiles at most nine of them.
const basesChunk = 256

// baseStmts are the prepared look-ups of Bases by size, on the read pool.
type baseStmts struct {
	mu sync.Mutex
	by map[int]*sql.Stmt
}

// Bases returns, of keys, the Delivered records whose fingerprint has a
// basis; the others are absent from the map.
func (l *Ledger) Bases(keys []string) (map[string]Based, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	out := make(map[string]Based, len(keys))
	args := make([]any, 0, basesChunk)
	for start := 0; start < len(keys); start += basesChunk {
		chunk := keys[start:min(start+basesChunk, len(keys))]
		size := 1 << bits.Len(uint(len(chunk)-1))
		st, err := l.baseStmt(size)
		if err != nil {
			return nil, err
		}
		args = args[:0]
		for i := range size {
			args = append(args, chunk[min(i, len(chunk)-1)])
		}
		if err := l.readBases(st, args, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (l *Ledger) readBases(st *sql.Stmt, args []any, out map[string]Based) error {
	rows, err := st.Query(args...)
	if err != nil {
		return l.classify("look up fingerprints", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var b Based
		if err := rows.Scan(&k, &b.Fingerprint, &b.Basis); err != nil {
			return l.classify("look up fingerprints", err)
		}
		out[k] = b
	}
	return l.classify("look up fingerprints", rows.Err())
}

// baseStmt is the look-up of size keys, prepared on first use.
func (l *Ledger) baseStmt(size int) (*sql.Stmt, error) {
	l.bases.mu.Lock()
	defer l.bases.mu.Unlock()
	if st, ok := l.bases.by[size]; ok {
		return st, nil
	}
	st, err := l.r.Prepare(basesSQL(size))
	if err != nil {
		return nil, l.classify("look up fingerprints", err)
	}
	if l.bases.by == nil {
		l.bases.by = map[int]*sql.Stmt{}
	}
	l.bases.by[size] = st
	return st, nil
}

// basesSQL is the look-up of n keys. The unary + keeps SQLite from
// walking state's index (every delivered record) instead of seeking the
// keys, which it prefers for a long list.
func basesSQL(n int) string {
	return `SELECT key, fingerprint, basis FROM records WHERE key IN (?` + strings.Repeat(`,?`, n-1) + `) AND +state = 'delivered' AND +basis <> 0`
}

// SetBases records the basis of Delivered records whose fingerprint is the
// one given (a record found unchanged the full way, whose row has no basis
// yet or an old one); a row with another fingerprint or state is left alone.
func (l *Ledger) SetBases(bases map[string]Based) error {
	return l.writeBased("record the basis", `UPDATE records SET basis = ? WHERE key = ? AND state = 'delivered' AND fingerprint = ?`,
		bases, func(k string, b Based) []any { return []any{b.Basis, k, b.Fingerprint} })
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
