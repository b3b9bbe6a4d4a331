package ledger

import (
	"errors"
	"fmt"
	"strings"
)

// MarkInFlight records, durably, that requests for entries are about to go
// out: each becomes InFlight with Attempts incremented, and Method and URL
// stored. Call it before sending and send only if it returned nil; then a
// crash at any point leaves a trace that RecoverInFlight turns into InDoubt.
//
// Only Key, Pos, Line, Method, URL and Run of each entry are read. A key that is
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
		rows[i] = Entry{Key: e.Key, Pos: e.Pos, Line: e.Line, Method: strings.ToUpper(e.Method), URL: sanitizeURL(e.URL), Run: e.Run}
	}
	if err := checkUnique("mark in flight", func(i int) string { return rows[i].Key }, len(rows)); err != nil {
		return err
	}
	return l.submit(markOp(rows))
}

// markOp is the write of MarkInFlight for already checked rows. Several
// rows go in multi-row statements, row by row only when one is refused.
func markOp(rows []Entry) *op {
	perRow := func(t *txStatements, now int64) error {
		st := t.get(t.s.mark)
		for _, e := range rows {
			res, err := st.Exec(e.Key, e.Pos, e.Method, e.URL, e.Run, now, e.Line)
			if err != nil {
				return fmt.Errorf("mark %q in flight: %w", e.Key, err)
			}
			if err := refusedIfUnchanged(t, res, "mark in flight", e.Key); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 1 {
		return &op{rows: 1, apply: perRow}
	}
	return &op{
		rows:  len(rows),
		multi: chunkKeys("mark", len(rows)),
		slow:  perRow,
		apply: func(t *txStatements, now int64) error {
			err := writeMany(execChunks(t, "mark", len(rows), markManySQL, nil, func(a []any, i int) []any {
				e := rows[i]
				return append(a, e.Key, e.Pos, e.Line, e.Method, e.URL, e.Run, now, now)
			}))
			if err != nil && !errors.Is(err, errRedo) {
				return fmt.Errorf("mark records %q–%q in flight: %w", rows[0].Key, rows[len(rows)-1].Key, err)
			}
			return err
		},
	}
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
		rows[i] = o
	}
	if err := checkUnique("record", func(i int) string { return rows[i].Key }, len(rows)); err != nil {
		return err
	}
	return l.submit(recordOp(rows))
}

// recordOp is the write of Record for already checked rows, like markOp.
func recordOp(rows []Outcome) *op {
	perRow := func(t *txStatements, now int64) error {
		st := t.get(t.s.record)
		for _, o := range rows {
			res, err := st.Exec(string(o.State), o.HTTPStatus, o.ClioID, o.ErrType, o.ErrMessage, now, o.Key)
			if err != nil {
				return fmt.Errorf("record %q: %w", o.Key, err)
			}
			if err := refusedIfUnchanged(t, res, "record", o.Key); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 1 {
		return &op{rows: 1, apply: perRow}
	}
	return &op{
		rows:  len(rows),
		multi: chunkKeys("record", len(rows)),
		slow:  perRow,
		apply: func(t *txStatements, now int64) error {
			err := writeMany(execChunks(t, "record", len(rows), recordManySQL, []any{now}, func(a []any, i int) []any {
				o := rows[i]
				return append(a, o.Key, string(o.State), o.HTTPStatus, o.ClioID, o.ErrType, o.ErrMessage)
			}))
			if err != nil && !errors.Is(err, errRedo) {
				return fmt.Errorf("record %q–%q: %w", rows[0].Key, rows[len(rows)-1].Key, err)
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
			res, err := t.tx.Exec(`UPDATE records SET state = 'in_doubt', updated_at = ? WHERE state = 'in_flight'`, now)
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
