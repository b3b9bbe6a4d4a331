package ledger

import (
	"database/sql"
	"errors"
)

// This file serves optimistic locking (flow/deliver's conflict.go): each
// row keeps the etag Clio returned for cliodest's last write of its object
// (Entry.ETag), sent as If-Match when the object is updated. An update
// Clio refuses because the object changed since (412) is an edit
// conflict: a Failed row whose ErrType is ConflictType, with the etag Clio
// showed then (Entry.SeenETag) and what differs in its message.

// ConflictType is the ErrType of an edit conflict: the object changed in
// Clio since cliodest last wrote it, and was not overwritten.
const ConflictType = "Conflict"

// maxETag bounds a stored etag; Clio's are a few dozen bytes.
const maxETag = 256

// IsConflict reports whether the entry is an edit conflict.
func (e Entry) IsConflict() bool {
	return e.State == Failed && e.ErrType == ConflictType
}

// EditConflicts returns up to limit edit conflicts in Nexset order
// (limit <= 0: all of them).
func (l *Ledger) EditConflicts(limit int) ([]Entry, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return l.entries("list edit conflicts", `SELECT `+entryColumns+` FROM records WHERE state = 'failed' AND err_type = ? ORDER BY pos, key LIMIT ?`,
		ConflictType, limit)
}

// CountConflicts is how many records are edit conflicts (also counted as failed).
func (l *Ledger) CountConflicts() (int, error) {
	if err := l.readable(); err != nil {
		return 0, err
	}
	var n int
	if err := l.r.QueryRow(`SELECT count(*) FROM records WHERE state = 'failed' AND err_type = ?`, ConflictType).Scan(&n); err != nil {
		return 0, l.classify("count edit conflicts", err)
	}
	return n, nil
}

// LastETag is the etag Clio returned for cliodest's last write of object
// id, as the delivered records holding it keep it; "" when none holds one.
// Find-or-create sends it as If-Match when it updates an object it found
// through the look-up cache (flow/deliver's findby.go).
func (l *Ledger) LastETag(id int64) (string, error) {
	if err := l.readable(); err != nil {
		return "", err
	}
	var etag string
	err := l.r.QueryRow(`SELECT etag FROM records WHERE clio_id = ? AND state = 'delivered' AND etag <> '' ORDER BY updated_at DESC LIMIT 1`, id).Scan(&etag)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", l.classify("read an object's last etag", err)
	}
	return etag, nil
}
