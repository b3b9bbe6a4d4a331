package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Run modes.
const (
	ModeActivate = "activate"
	ModeRetry    = "retry"
	ModeDryRun   = "dry-run"
)

// RunSummary is what the engine reports when a run ends.
type RunSummary struct {
	Records       int           // records read from the Nexset
	Delivered     int           // delivered in this run
	Failed        int           // failed in this run (refused by Clio or rejected before sending)
	InDoubt       int           // left in doubt by this run
	Pending       int           // left pending (retryable failures, or not reached)
	Skipped       int           // already delivered before this run
	Deleted       int           // objects of removed records deleted in Clio (on_remove: delete)
	Requests      int           // HTTP requests sent
	RateLimitWait time.Duration // time spent waiting on Clio's rate limit
	Interrupted   bool          // the run stopped before the end (signal, fatal error)
	Err           string        // why it stopped early, if it did
	// Created counts the objects the run's creates made (also in
	// Delivered). With find_by: UpdatedExisting records updated the object
	// found (also in Delivered), SkippedExisting left it alone (also in
	// Skipped), Ambiguous failed because several matched (also in Failed).
	Created         int
	UpdatedExisting int
	SkippedExisting int
	Ambiguous       int
}

// Run is one activation, retry or dry run, as stored.
type Run struct {
	ID         int64
	Mode       string
	StartedAt  time.Time
	FinishedAt time.Time // zero while running or when the process died
	Finished   bool
	RunSummary
}

// StartRun records the start of a run and returns its id, to be put in the
// entries' Run and passed to FinishRun.
func (l *Ledger) StartRun(mode string) (int64, error) {
	switch mode {
	case ModeActivate, ModeRetry, ModeDryRun:
	default:
		return 0, fmt.Errorf("ledger start run: unknown mode %q (valid: activate, retry, dry-run)", mode)
	}
	var id int64
	err := l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			res, err := t.tx.Exec(`INSERT INTO runs (mode, started_at) VALUES (?, ?)`, mode, now)
			if err != nil {
				return fmt.Errorf("start run: %w", err)
			}
			id, err = res.LastInsertId()
			return err
		},
	})
	if err != nil {
		return 0, err
	}
	l.runMu.Lock()
	l.openRuns[id] = true
	l.runMu.Unlock()
	return id, nil
}

// FinishRun stores the summary of run id and marks it finished. A run is
// finished once; a second call is an error.
func (l *Ledger) FinishRun(id int64, s RunSummary) error {
	err := l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			res, err := t.tx.Exec(`UPDATE runs SET finished_at = ?, records = ?, delivered = ?, failed = ?, in_doubt = ?,
				pending = ?, skipped = ?, requests = ?, rate_wait_ns = ?, interrupted = ?, error = ?,
				created = ?, updated_existing = ?, skipped_existing = ?, ambiguous = ?, deleted = ?
				WHERE id = ? AND finished_at IS NULL`,
				now, s.Records, s.Delivered, s.Failed, s.InDoubt, s.Pending, s.Skipped, s.Requests,
				int64(s.RateLimitWait), s.Interrupted, truncate(s.Err, maxErrMessage),
				s.Created, s.UpdatedExisting, s.SkippedExisting, s.Ambiguous, s.Deleted, id)
			if err != nil {
				return fmt.Errorf("finish run %d: %w", id, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("finish run %d: %w", id, err)
			}
			if n == 0 {
				return fmt.Errorf("finish run %d: no such run, or already finished", id)
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	l.runMu.Lock()
	delete(l.openRuns, id)
	l.runMu.Unlock()
	return nil
}

// LastRun returns the most recent run, or nil when there has been none. A run
// that never finished and was not started through this handle is reported
// Interrupted: its process died.
func (l *Ledger) LastRun() (*Run, error) {
	if err := l.readable(); err != nil {
		return nil, err
	}
	var (
		r           Run
		started     int64
		finished    sql.NullInt64
		wait        int64
		interrupted bool
	)
	err := l.r.QueryRow(`SELECT id, mode, started_at, finished_at, records, delivered, failed, in_doubt, pending,
		skipped, requests, rate_wait_ns, interrupted, error, created, updated_existing, skipped_existing, ambiguous, deleted
		FROM runs ORDER BY id DESC LIMIT 1`).Scan(
		&r.ID, &r.Mode, &started, &finished, &r.Records, &r.Delivered, &r.Failed, &r.InDoubt, &r.Pending,
		&r.Skipped, &r.Requests, &wait, &interrupted, &r.Err, &r.Created, &r.UpdatedExisting, &r.SkippedExisting, &r.Ambiguous, &r.Deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, l.classify("read last run", err)
	}
	r.StartedAt = time.Unix(0, started).UTC()
	r.RateLimitWait = time.Duration(wait)
	r.Interrupted = interrupted
	if finished.Valid {
		r.Finished = true
		r.FinishedAt = time.Unix(0, finished.Int64).UTC()
	} else {
		l.runMu.Lock()
		mine := l.openRuns[r.ID]
		l.runMu.Unlock()
		r.Interrupted = !mine
	}
	return &r, nil
}
