package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// MarkInFlight records, durably, that requests for entries are about to go
// out: each becomes InFlight with Attempts incremented, and Method and URL
// stored. Call it before sending and send only if it returned nil; then a
// crash at any point leaves a trace that RecoverInFlight turns into InDoubt.
//
// Only Key, Pos, Line, Method, URL, Run and ContentHash of each entry are read. A key that is
// Delivered or already InFlight refuses the whole call with a *StateError
// and nothing is written: the ledger's last guard against sending twice.
func (l *Ledger) MarkInFlight(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	rows := make([]Entry, len(entries))
	for i, e := range entries {
		if err := checkKey("mark in flight", i, e.Key); err != nil {
			return err
		}
		if e.Method == "" {
			return fmt.Errorf("ledger mark in flight: item %d (key %q) has no HTTP method; it decides whether an in-doubt record may be resent", i, e.Key)
		}
		if e.Pos < 0 {
			return fmt.Errorf("ledger mark in flight: item %d (key %q) has a negative position %d", i, e.Key, e.Pos)
		}
		if e.Line < 0 {
			return fmt.Errorf("ledger mark in flight: item %d (key %q) has a negative line %d", i, e.Key, e.Line)
		}
		rows[i] = Entry{Key: e.Key, Pos: e.Pos, Line: e.Line, Method: strings.ToUpper(e.Method), URL: sanitizeURL(e.URL), Run: e.Run,
			ContentHash: truncate(e.ContentHash, 128)}
	}
	if err := checkUnique("mark in flight", func(i int) string { return rows[i].Key }, len(rows)); err != nil {
		return err
	}
	return l.submit(markOp(rows))
}

// markOp is the write of MarkInFlight for already checked rows.
func markOp(rows []Entry) *op {
	return rowsOp(rowWrite[Entry]{
		kind: "mark", refused: "mark in flight", rows: rows,
		key:    func(e Entry) string { return e.Key },
		single: func(t *txStatements) *sql.Stmt { return t.s.mark },
		singleArgs: func(e Entry, now int64) []any {
			return []any{e.Key, e.Pos, e.Method, e.URL, e.Run, now, e.Line, e.ContentHash}
		},
		manySQL: markManySQL,
		manyArgs: func(a []any, e Entry, now int64) []any {
			return append(a, e.Key, e.Pos, e.Line, e.Method, e.URL, e.Run, now, now, e.ContentHash)
		},
		describe: func(keys string) string { return "mark " + keys + " in flight" },
	})
}

// Record stores the answers to requests marked in flight: Delivered (with
// Clio's id and status), Failed (status, error type and message), Pending
// (a retryable failure Clio certainly did not apply) or InDoubt (no answer
// that tells). A key that is not InFlight refuses the whole call with a
// *StateError and nothing is written.
func (l *Ledger) Record(outcomes []Outcome) error {
	if len(outcomes) == 0 {
		return nil
	}
	rows := make([]Outcome, len(outcomes))
	for i, o := range outcomes {
		if err := checkKey("record", i, o.Key); err != nil {
			return err
		}
		if !outcomeState(o.State) {
			return fmt.Errorf("ledger record: item %d (key %q) has state %q; an outcome is delivered, failed, pending or in_doubt", i, o.Key, o.State)
		}
		if o.HTTPStatus < 0 || o.HTTPStatus > 999 {
			return fmt.Errorf("ledger record: item %d (key %q) has HTTP status %d", i, o.Key, o.HTTPStatus)
		}
		o.ErrType = truncate(o.ErrType, 200)
		o.ErrMessage = truncate(o.ErrMessage, maxErrMessage)
		o.Fingerprint = truncate(o.Fingerprint, 128)
		o.ETag, o.SeenETag = truncate(o.ETag, maxETag), truncate(o.SeenETag, maxETag)
		rows[i] = o
	}
	if err := checkUnique("record", func(i int) string { return rows[i].Key }, len(rows)); err != nil {
		return err
	}
	return l.submit(recordOp(rows))
}

// recordOp is the write of Record for already checked rows, like markOp.
func recordOp(rows []Outcome) *op {
	return rowsOp(rowWrite[Outcome]{
		kind: "record", refused: "record", rows: rows, lead: true,
		key:    func(o Outcome) string { return o.Key },
		single: func(t *txStatements) *sql.Stmt { return t.s.record },
		singleArgs: func(o Outcome, now int64) []any {
			return []any{string(o.State), o.HTTPStatus, o.ClioID, o.ErrType, o.ErrMessage, now, o.Key, o.Fingerprint, o.ETag, o.SeenETag, o.Basis}
		},
		manySQL: recordManySQL,
		manyArgs: func(a []any, o Outcome, _ int64) []any {
			return append(a, o.Key, string(o.State), o.HTTPStatus, o.ClioID, o.ErrType, o.ErrMessage, o.Fingerprint, o.ETag, o.SeenETag, o.Basis)
		},
		describe: func(keys string) string { return "record " + keys },
	})
}

// rowWrite describes a write of checked rows, one statement per row or
// multi-row statements, for rowsOp.
type rowWrite[R any] struct {
	kind, refused string // statement family; the operation named when a row is refused
	rows          []R
	key           func(R) string
	single        func(*txStatements) *sql.Stmt
	singleArgs    func(r R, now int64) []any
	manySQL       func(int) string
	lead          bool // the multi-row statement takes now once, before the rows
	manyArgs      func(a []any, r R, now int64) []any
	describe      func(keys string) string // "mark \"k\" in flight"
}

// rowsOp is the op for a rowWrite: a lone row by its own statement; several
// in multi-row statements, redone row by row (slow) when one is refused, so
// the error names that row.
func rowsOp[R any](w rowWrite[R]) *op {
	perRow := func(t *txStatements, now int64) error {
		st := t.get(w.single(t))
		for _, r := range w.rows {
			res, err := st.Exec(w.singleArgs(r, now)...)
			if err != nil {
				return fmt.Errorf("%s: %w", w.describe(fmt.Sprintf("%q", w.key(r))), err)
			}
			if err := refusedIfUnchanged(t, res, w.refused, w.key(r)); err != nil {
				return err
			}
		}
		return nil
	}
	n := len(w.rows)
	if n == 1 {
		return &op{rows: 1, apply: perRow}
	}
	return &op{
		rows:  n,
		multi: chunkKeys(w.kind, n),
		slow:  perRow,
		apply: func(t *txStatements, now int64) error {
			var lead []any
			if w.lead {
				lead = []any{now}
			}
			err := writeMany(execChunks(t, w.kind, n, w.manySQL, lead, func(a []any, i int) []any {
				return w.manyArgs(a, w.rows[i], now)
			}))
			if err != nil && !errors.Is(err, errRedo) {
				return fmt.Errorf("%s: %w", w.describe(fmt.Sprintf("%q–%q", w.key(w.rows[0]), w.key(w.rows[n-1]))), err)
			}
			return err
		},
	}
}

// Reject records records that failed before any request was sent (bad
// data, a mapping that cannot apply) as Failed with the reason, so nothing is
// lost silently. Key, Pos, Line, Run, ErrType and ErrMessage are read (Method and
// URL too, when known). Only absent, Pending or Failed records may be
// rejected; anything else refuses the whole call with a *StateError.
func (l *Ledger) Reject(entries []Entry) error {
	if len(entries) == 0 {
		return nil
	}
	rows := make([]Entry, len(entries))
	for i, e := range entries {
		if err := checkKey("reject", i, e.Key); err != nil {
			return err
		}
		if e.Pos < 0 {
			return fmt.Errorf("ledger reject: item %d (key %q) has a negative position %d", i, e.Key, e.Pos)
		}
		if e.Line < 0 {
			return fmt.Errorf("ledger reject: item %d (key %q) has a negative line %d", i, e.Key, e.Line)
		}
		if e.ErrMessage == "" {
			return fmt.Errorf("ledger reject: item %d (key %q) has no error message; a rejected record keeps its reason", i, e.Key)
		}
		rows[i] = Entry{
			Key: e.Key, Pos: e.Pos, Line: e.Line, Run: e.Run,
			Method: strings.ToUpper(e.Method), URL: sanitizeURL(e.URL),
			ErrType: truncate(e.ErrType, 200), ErrMessage: truncate(e.ErrMessage, maxErrMessage),
		}
	}
	if err := checkUnique("reject", func(i int) string { return rows[i].Key }, len(rows)); err != nil {
		return err
	}
	return l.submit(&op{
		rows:   len(rows),
		atomic: len(rows) > 1,
		apply: func(t *txStatements, now int64) error {
			st := t.get(t.s.reject)
			for _, e := range rows {
				res, err := st.Exec(e.Key, e.Pos, e.Method, e.URL, e.ErrType, e.ErrMessage, e.Run, now, e.Line)
				if err != nil {
					return fmt.Errorf("reject %q: %w", e.Key, err)
				}
				if err := refusedIfUnchanged(t, res, "reject", e.Key); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// InFlightLost is the message of a record RecoverInFlight found in flight.
const InFlightLost = "sent by a run that stopped before its answer was recorded: it may have reached Clio (retry --in-doubt looks it up)"

// RecoverInFlight turns every InFlight record into InDoubt and returns how
// many there were. Call it when a run starts, before any MarkInFlight: an
// InFlight record then can only be the trace of a process that died between
// sending and recording. Method is kept, so the engine can resend a PATCH and
// hold back a POST.
func (l *Ledger) RecoverInFlight() (int, error) {
	var n int64
	err := l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			res, err := t.tx.Exec(`UPDATE records SET state = 'in_doubt', updated_at = ?,
				err_message = CASE WHEN err_message = '' THEN ? ELSE err_message END WHERE state = 'in_flight'`, now, InFlightLost)
			if err != nil {
				return fmt.Errorf("recover in-flight records: %w", err)
			}
			n, err = res.RowsAffected()
			return err
		},
	})
	return int(n), err
}

// refusedIfUnchanged turns "the statement matched no row" into a
// *StateError naming the record's current state.
func refusedIfUnchanged(t *txStatements, res interface{ RowsAffected() (int64, error) }, what, key string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s %q: %w", what, key, err)
	}
	if n > 0 {
		return nil
	}
	st, err := t.currentState(key)
	if err != nil {
		return fmt.Errorf("%s %q: read state: %w", what, key, err)
	}
	return &StateError{Op: what, Key: key, State: st}
}
