package ledger

import (
	"database/sql"
	"strings"
)

// A call of many records (a batched request) is written with one
// statement per multiRowChunk records instead of one per record: the
// per-statement cost of database/sql and the driver, not SQLite's B-tree
// work, dominated batched deliveries. A chunk keeps the statement well
// under SQLite's bound on parameters (32,766) and its text small.
const multiRowChunk = 500

// maxMultiStmts bounds the prepared multi-row statements kept (one per
// kind and row count): batches are mostly of one size plus a remainder.
const maxMultiStmts = 32

type multiKey struct {
	kind string // "mark" or "record"
	rows int
}

// markManySQL is markSQL for n rows, each Key, Pos, Line, Method, URL, Run,
// the time twice and ContentHash. Parameters are anonymous: the driver looks each numbered
// or named one up by name, which costs time in the square of their number.
func markManySQL(n int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO records (key, pos, line, state, attempts, method, url, run, created_at, updated_at, content_hash) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?, ?, ?, 'in_flight', 1, ?, ?, ?, ?, ?, ?)")
	}
	b.WriteString(markConflictSQL)
	return b.String()
}

// markConflictSQL is markSQL's conflict clause, shared with markManySQL.
const markConflictSQL = `
ON CONFLICT (key) DO UPDATE SET
	pos = excluded.pos,
	line = excluded.line,
	state = 'in_flight',
	attempts = records.attempts + 1,
	method = excluded.method,
	url = excluded.url,
	http_status = 0,
	err_type = '',
	err_message = '',
	run = excluded.run,
	updated_at = excluded.updated_at,
	content_hash = excluded.content_hash
WHERE records.state IN ('pending', 'failed', 'in_doubt')`

// recordManySQL is recordSQL for n rows, as an UPDATE … FROM a VALUES
// list: first the time, then each row's Key, State, HTTPStatus, ClioID,
// ErrType, ErrMessage, Fingerprint, ETag, SeenETag and Basis (anonymous parameters, as in markManySQL).
func recordManySQL(n int) string {
	var b strings.Builder
	b.WriteString(`UPDATE records SET
	state = v.column2,
	http_status = v.column3,
	clio_id = CASE WHEN v.column4 <> 0 THEN v.column4 ELSE records.clio_id END,
	err_type = v.column5,
	err_message = v.column6,
	updated_at = ?,
	fingerprint = CASE WHEN v.column2 = 'delivered' AND v.column7 <> '' THEN v.column7 ELSE records.fingerprint END,
	basis = CASE WHEN v.column2 = 'delivered' AND v.column7 <> '' THEN v.column10 ELSE records.basis END,
	etag = CASE WHEN v.column2 = 'delivered' THEN v.column8 ELSE records.etag END,
	seen_etag = CASE WHEN v.column2 IN ('delivered', 'failed') THEN v.column9 ELSE records.seen_etag END
FROM (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
	}
	b.WriteString(`) AS v
WHERE records.key = v.column1 AND records.state = 'in_flight'`)
	return b.String()
}

// chunkKeys are the multi-row statements a write of n rows of kind uses.
func chunkKeys(kind string, n int) []multiKey {
	if n < 2 {
		return nil
	}
	var ks []multiKey
	for lo := 0; lo < n; lo += multiRowChunk {
		ks = append(ks, multiKey{kind, min(multiRowChunk, n-lo)})
	}
	return ks
}

// prepareMulti prepares the multi-row statements of keys not yet prepared.
// The writer calls it between transactions: its connection is the only one,
// so preparing on the database inside a transaction would wait forever.
func (s *statements) prepareMulti(keys []multiKey) error {
	for _, k := range keys {
		if _, ok := s.multi[k]; ok || len(s.multi) >= maxMultiStmts {
			continue
		}
		build := markManySQL
		if k.kind == "record" {
			build = recordManySQL
		}
		st, err := s.db.Prepare(build(k.rows))
		if err != nil {
			return err
		}
		s.multi[k] = st
	}
	return nil
}

// multi returns the multi-row statement of kind for n rows, bound to the
// transaction: the prepared one, or (past maxMultiStmts sizes) one compiled
// for this use only.
func (t *txStatements) multi(kind string, n int, build func(int) string) (*sql.Stmt, error) {
	if st, ok := t.s.multi[multiKey{kind, n}]; ok {
		return t.get(st), nil
	}
	return t.tx.Prepare(build(n))
}

// execChunks runs rows through one multi-row statement per chunk and
// reports whether every row was written. lead are the parameters before
// the rows'; args appends a row's.
func execChunks(t *txStatements, kind string, n int, build func(int) string, lead []any, args func(dst []any, i int) []any) (bool, error) {
	for lo := 0; lo < n; lo += multiRowChunk {
		hi := min(lo+multiRowChunk, n)
		st, err := t.multi(kind, hi-lo, build)
		if err != nil {
			return false, err
		}
		a := make([]any, 0, len(lead)+(hi-lo)*9)
		a = append(a, lead...)
		for i := lo; i < hi; i++ {
			a = args(a, i)
		}
		res, err := st.Exec(a...)
		if err != nil {
			return false, err
		}
		got, err := res.RowsAffected()
		if err != nil {
			return false, err
		}
		if got != int64(hi-lo) {
			return false, nil
		}
	}
	return true, nil
}

// writeMany runs a multi-row write (execChunks) as an op's fast path:
// errRedo when some row was refused, so the writer redoes the op row by row.
func writeMany(ok bool, err error) error {
	if err != nil {
		return err
	}
	if !ok {
		return errRedo
	}
	return nil
}
