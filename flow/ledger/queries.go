package ledger

import (
	"database/sql"
	"fmt"
	"time"
)

// statesChunk keeps IN lists well under SQLite's bound-parameter limit.
const statesChunk = 512

// States returns the entries of the given keys that are in the ledger; a key
// absent from the map has never been attempted (Pending). The engine calls it
// per batch of records to skip the delivered ones.
func (l *Ledger) States(keys []string) (map[string]Entry, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	out := make(map[string]Entry, len(keys))
	err := l.inKeys("look up states", "states", statesSQL, statesChunk, keys, func(rows *sql.Rows) error {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		out[e.Key] = e
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// statesSQL is States's look-up of n keys.
func statesSQL(n int) string {
	return `SELECT ` + entryColumns + ` FROM records WHERE key IN ` + inList(n)
}

// Get returns one record's entry and whether it is in the ledger.
func (l *Ledger) Get(key string) (Entry, bool, error) {
	m, err := l.States([]string{key})
	if err != nil {
		return Entry{}, false, err
	}
	e, ok := m[key]
	return e, ok, nil
}

// Counts returns how many records are in each state; every state is present,
// zero when none.
func (l *Ledger) Counts() (map[State]int, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	out := NoCounts()
	rows, err := l.r.Query(`SELECT state, count(*) FROM records GROUP BY state`)
	if err != nil {
		return nil, l.classify("count states", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, l.classify("count states", err)
		}
		out[State(s)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, l.classify("count states", err)
	}
	return out, nil
}

// List returns up to limit entries in state, in Nexset order (limit <= 0:
// all of them; prefer Each for a large ledger).
func (l *Ledger) List(state State, limit int) ([]Entry, error) {
	if !state.Valid() {
		return nil, fmt.Errorf("ledger list: unknown state %q", state)
	}
	if err := l.readable(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return l.entries("list "+string(state), `SELECT `+entryColumns+` FROM records WHERE state = ? ORDER BY pos, key LIMIT ?`,
		string(state), limit)
}

// eachPage is how many rows Each reads per query.
const eachPage = 500

// Each calls fn for every entry in state, in Nexset order, and stops at the
// first error fn returns (which Each returns). It reads page by page without
// holding a transaction, so fn may write to the ledger, e.g. mark the entry
// in flight during a retry; entries that leave the state are not revisited.
func (l *Ledger) Each(state State, fn func(Entry) error) error {
	if !state.Valid() {
		return fmt.Errorf("ledger each: unknown state %q", state)
	}
	lastPos, lastKey := -1, ""
	for {
		if err := l.readable(); err != nil {
			return err
		}
		var page []Entry
		err := l.query("walk "+string(state), `SELECT `+entryColumns+` FROM records
			WHERE state = ?1 AND (pos > ?2 OR (pos = ?2 AND key > ?3)) ORDER BY pos, key LIMIT ?4`,
			[]any{string(state), lastPos, lastKey, eachPage}, func(e Entry) error {
				page = append(page, e)
				return nil
			})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < eachPage {
			return nil
		}
		lastPos, lastKey = page[len(page)-1].Pos, page[len(page)-1].Key
	}
}

// readable fails fast after Close instead of surfacing "sql: database is closed".
func (l *Ledger) readable() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.closed {
		return ErrClosed
	}
	return nil
}

// entries runs q on the read pool and returns the entries it finds.
func (l *Ledger) entries(what, q string, args ...any) ([]Entry, error) {
	var out []Entry
	err := l.query(what, q, args, func(e Entry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// query runs q on the read pool and hands each scanned entry to fn.
func (l *Ledger) query(what, q string, args []any, fn func(Entry) error) error {
	rows, err := l.r.Query(q, args...)
	if err != nil {
		return l.classify(what, err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return l.classify(what, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return l.classify(what, err)
	}
	return nil
}

func scanEntry(rows *sql.Rows) (Entry, error) {
	var e Entry
	var state string
	var created, updated int64
	err := rows.Scan(&e.Key, &e.Pos, &e.Line, &state, &e.Attempts, &e.Method, &e.URL, &e.HTTPStatus, &e.ClioID,
		&e.ErrType, &e.ErrMessage, &e.Run, &created, &updated, &e.ContentHash, &e.Fingerprint, &e.ETag, &e.SeenETag, &e.Basis)
	if err != nil {
		return Entry{}, err
	}
	e.State = State(state)
	e.CreatedAt = time.Unix(0, created).UTC()
	e.UpdatedAt = time.Unix(0, updated).UTC()
	return e, nil
}
