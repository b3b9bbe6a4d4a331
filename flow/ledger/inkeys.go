package ledger

import (
	"database/sql"
	"strings"
	"sync"
)

// Look-ups by a list of keys (States, Bases) run per chunk of keys, each
// chunk padded with its last key to a multiple of keysStep, by statements
// prepared once per kind and size on the read pool: a re-activation looks
// keys up for every chunk of records it reads, and compiling an IN list of
// another length each time cost more than the look-up.

const keysStep = 16

// keyStmts are the prepared look-ups by kind and padded size.
type keyStmts struct {
	mu sync.Mutex
	by map[keyStmt]*sql.Stmt
}

type keyStmt struct {
	kind string
	size int
}

// inKeys runs the look-up kind, q(n) for n keys, over keys in chunks of at
// most max keys (a multiple of keysStep), and calls row for each row found
// (a key padded twice is still found once).
func (l *Ledger) inKeys(what, kind string, q func(n int) string, max int, keys []string, row func(*sql.Rows) error) error {
	args := make([]any, 0, max)
	for start := 0; start < len(keys); start += max {
		chunk := keys[start:min(start+max, len(keys))]
		size := (len(chunk) + keysStep - 1) / keysStep * keysStep
		st, err := l.keyStmt(kind, size, q)
		if err != nil {
			return l.classify(what, err)
		}
		args = args[:0]
		for i := range size {
			args = append(args, chunk[min(i, len(chunk)-1)])
		}
		if err := l.eachRow(st, args, row); err != nil {
			return l.classify(what, err)
		}
	}
	return nil
}

func (l *Ledger) eachRow(st *sql.Stmt, args []any, row func(*sql.Rows) error) error {
	rows, err := st.Query(args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keyStmt is the look-up kind of size keys, prepared on first use.
func (l *Ledger) keyStmt(kind string, size int, q func(n int) string) (*sql.Stmt, error) {
	l.keyed.mu.Lock()
	defer l.keyed.mu.Unlock()
	k := keyStmt{kind, size}
	if st, ok := l.keyed.by[k]; ok {
		return st, nil
	}
	st, err := l.r.Prepare(q(size))
	if err != nil {
		return nil, err
	}
	if l.keyed.by == nil {
		l.keyed.by = map[keyStmt]*sql.Stmt{}
	}
	l.keyed.by[k] = st
	return st, nil
}

// inList is "(?,?,…)" for n keys.
func inList(n int) string {
	return `(?` + strings.Repeat(`,?`, n-1) + `)`
}
