package ledger

import (
	"fmt"
	"net/http"
)

// Find-or-create (flow/deliver's findby.go) keeps the find-by value of each
// record whose create it sends, written before the request leaves: a
// create left in doubt then names its value from the ledger alone, and the
// value's records wait for it wherever they are in the Nexset, which is
// not read again (standard input could not be).

// FindDoubt is a create in doubt and the find-by value it was sent with.
type FindDoubt struct {
	Key       string
	Pos, Line int
	Value     string // in its compared form; "" when not kept (a ledger of an older cliodest)
}

// NoteFindValue keeps value as the find-by value of the record key, whose
// create is about to be sent.
func (l *Ledger) NoteFindValue(key, value string) error {
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			_, err := t.tx.Exec(`INSERT INTO find_values (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
			if err != nil {
				return fmt.Errorf("keep the find-by value of %q: %w", key, err)
			}
			return nil
		},
	})
}

// FindDoubts lists the creates (POSTs) in doubt, in Nexset order, each with
// the find-by value kept for it.
func (l *Ledger) FindDoubts() ([]FindDoubt, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	rows, err := l.r.Query(`SELECT r.key, r.pos, r.line, COALESCE(f.value, '') FROM records r LEFT JOIN find_values f ON f.key = r.key
		WHERE r.state = 'in_doubt' AND r.method = ? ORDER BY r.pos, r.key`, http.MethodPost)
	if err != nil {
		return nil, l.classify("list creates in doubt", err)
	}
	defer rows.Close()
	var out []FindDoubt
	for rows.Next() {
		var d FindDoubt
		if err := rows.Scan(&d.Key, &d.Pos, &d.Line, &d.Value); err != nil {
			return nil, l.classify("list creates in doubt", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, l.classify("list creates in doubt", err)
	}
	return out, nil
}
