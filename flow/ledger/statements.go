package ledger

import (
	"database/sql"
	"errors"
)

// Columns of an Entry, in the order scanEntry reads them.
const entryColumns = `key, pos, line, state, attempts, method, url, http_status, clio_id, err_type, err_message, run, created_at, updated_at, content_hash, fingerprint, etag, seen_etag, basis`

// markSQL writes a record as in flight: a new row, or an existing one that
// may be sent (pending, failed, in doubt). A delivered or already in-flight
// row is left alone and changes nothing, which the caller detects.
const markSQL = `
INSERT INTO records (key, pos, line, state, attempts, method, url, run, created_at, updated_at, content_hash)
VALUES (?1, ?2, ?7, 'in_flight', 1, ?3, ?4, ?5, ?6, ?6, ?8)` + markConflictSQL

// recordSQL stores an answer; only a record in flight has one to store.
// A zero Clio id keeps a known one (an update's target, for instance); a
// fingerprint is kept only with a delivery, so a refused update keeps the old;
// so is the etag (etag.go), which a delivery replaces even by ”. The
// basis (bases.go) goes with the fingerprint.
const recordSQL = `
UPDATE records SET
	state = ?1,
	http_status = ?2,
	clio_id = CASE WHEN ?3 <> 0 THEN ?3 ELSE clio_id END,
	err_type = ?4,
	err_message = ?5,
	updated_at = ?6,
	fingerprint = CASE WHEN ?1 = 'delivered' AND ?8 <> '' THEN ?8 ELSE fingerprint END,
	basis = CASE WHEN ?1 = 'delivered' AND ?8 <> '' THEN ?11 ELSE basis END,
	etag = CASE WHEN ?1 = 'delivered' THEN ?9 ELSE etag END,
	seen_etag = CASE WHEN ?1 IN ('delivered', 'failed') THEN ?10 ELSE seen_etag END
WHERE key = ?7 AND state = 'in_flight'`

// rejectSQL records a failure found before any request (bad data, mapping).
// In-doubt rows are left alone so the doubt stays visible.
const rejectSQL = `
INSERT INTO records (key, pos, line, state, attempts, method, url, err_type, err_message, run, created_at, updated_at)
VALUES (?1, ?2, ?9, 'failed', 0, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
ON CONFLICT (key) DO UPDATE SET
	pos = excluded.pos,
	line = excluded.line,
	state = 'failed',
	http_status = 0,
	err_type = excluded.err_type,
	err_message = excluded.err_message,
	run = excluded.run,
	updated_at = excluded.updated_at
WHERE records.state IN ('pending', 'failed')`

const stateSQL = `SELECT state FROM records WHERE key = ?`

// statements are prepared once on the writer's single connection, so every
// transaction reuses them instead of compiling SQL per record.
type statements struct {
	mark, record, reject, state *sql.Stmt

	db    *sql.DB
	multi map[multiKey]*sql.Stmt // multi-row writes by size, prepared on first use
}

func prepareStatements(db *sql.DB) (*statements, error) {
	s := &statements{db: db, multi: map[multiKey]*sql.Stmt{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{{&s.mark, markSQL}, {&s.record, recordSQL}, {&s.reject, rejectSQL}, {&s.state, stateSQL}} {
		st, err := db.Prepare(p.sql)
		if err != nil {
			s.close()
			return nil, err
		}
		*p.dst = st
	}
	return s, nil
}

func (s *statements) close() {
	if s == nil {
		return
	}
	for _, st := range []*sql.Stmt{s.mark, s.record, s.reject, s.state} {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range s.multi {
		st.Close()
	}
}

// txStatements binds the prepared statements to one transaction, lazily:
// a batch of marks never pays for the record statement.
type txStatements struct {
	tx *sql.Tx
	s  *statements
	b  map[*sql.Stmt]*sql.Stmt
}

func (t *txStatements) get(st *sql.Stmt) *sql.Stmt {
	if b, ok := t.b[st]; ok {
		return b
	}
	b := t.tx.Stmt(st)
	t.b[st] = b
	return b
}

// currentState reads a record's state inside the transaction, "" if absent.
func (t *txStatements) currentState(key string) (State, error) {
	var s string
	err := t.get(t.s.state).QueryRow(key).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return State(s), err
}
