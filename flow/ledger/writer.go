package ledger

import (
	"database/sql"
	"errors"
	"time"
)

// maxBatchRows caps one group commit, so a flood of callers still gets acks
// every few milliseconds instead of waiting for one huge transaction.
const maxBatchRows = 2000

// maxLinger bounds how long a busy writer waits for callers to join a
// commit. It adds at most this to a write's latency, next to an HTTP call
// of tens of milliseconds.
const maxLinger = 2 * time.Millisecond

// op is one caller's write, applied by the writer goroutine inside a shared
// transaction. apply returns a *StateError to refuse the op alone; any other
// error aborts the whole batch.
type op struct {
	rows   int        // rows it writes, for batch sizing
	atomic bool       // writes more than one row: needs a savepoint to undo alone
	multi  []multiKey // multi-row statements apply uses, prepared before the transaction
	// slow, when set, is apply row by row: apply writes every row in one
	// statement without a savepoint and returns errRedo when some row was
	// refused; the batch is then redone with slow, in a savepoint, which
	// names the refused row and undoes the op alone. Refusals are rare.
	slow  func(t *txStatements, now int64) error
	redo  bool // apply said errRedo: use slow
	apply func(t *txStatements, now int64) error
	err   chan error // buffered(1): the writer never blocks acking
}

// submit hands o to the writer and waits until its transaction committed or
// failed. Returning nil means the write is in the WAL (see doc.go on
// durability).
func (l *Ledger) submit(o *op) error {
	if l.readOnly {
		return ErrReadOnly
	}
	o.err = make(chan error, 1)
	l.mu.RLock()
	if l.closed {
		l.mu.RUnlock()
		return ErrClosed
	}
	l.ops <- o
	l.mu.RUnlock()
	return <-o.err
}

// writer is the single goroutine that writes. It commits in one
// transaction every write that queued up while the previous commit ran
// (group commit). Alone, a caller waits for exactly one commit and no timer.
// When the previous commit served several callers, the writer lingers up to
// maxLinger for about as many to queue again, since they are the callers
// just acked and about to come back: one commit then serves them all.
func (l *Ledger) writer() {
	defer close(l.done)
	batch := make([]*op, 0, 64)
	linger := time.NewTimer(time.Hour)
	linger.Stop()
	want := 1 // callers the previous commit served
	open := true
	for open {
		first, ok := <-l.ops
		if !ok {
			break
		}
		batch = append(batch[:0], first)
		rows := first.rows
		// Take what is already queued.
	drain:
		for rows < maxBatchRows {
			select {
			case o, ok := <-l.ops:
				if !ok {
					open = false
					break drain
				}
				batch = append(batch, o)
				rows += o.rows
			default:
				break drain
			}
		}
		// Wait a little for the rest of the callers seen last time.
		if open && len(batch) < want && rows < maxBatchRows {
			linger.Reset(maxLinger)
		wait:
			for len(batch) < want && rows < maxBatchRows {
				select {
				case o, ok := <-l.ops:
					if !ok {
						open = false
						break wait
					}
					batch = append(batch, o)
					rows += o.rows
				case <-linger.C:
					break wait
				}
			}
			linger.Stop()
		}
		want = len(batch)
		l.commit(batch)
		clear(batch) // let acked ops be collected
	}
}

// commit applies batch in one transaction and acks each op. A refused op
// (*StateError) is undone alone; any other failure fails every op of the
// batch, since none of it reached the file.
func (l *Ledger) commit(batch []*op) {
	fail := func(err error) {
		for _, o := range batch {
			o.err <- err
		}
	}
	for _, o := range batch {
		if err := l.stmts.prepareMulti(o.multi); err != nil {
			fail(l.classify("prepare", err))
			return
		}
	}
	now := l.now().UnixNano()
	var refused []error
	var tx *sql.Tx
	for {
		var redo bool
		tx, refused, redo = l.apply(batch, now, fail)
		if tx == nil && !redo {
			return // failed and acked
		}
		if !redo {
			break
		}
	}
	if err := tx.Commit(); err != nil {
		l.abort(nil)
		fail(l.classify("commit", err))
		return
	}
	l.commits.Add(1)
	l.committedOps.Add(int64(len(batch)))
	for i, o := range batch {
		o.err <- refused[i]
	}
}

// apply runs batch in a new transaction. It returns the open transaction
// and each op's refusal; or redo when an op's fast path found a refused row
// (the transaction is rolled back and the op marked to go row by row); or
// a nil transaction when the batch failed (every op acked with the error).
func (l *Ledger) apply(batch []*op, now int64, fail func(error)) (tx *sql.Tx, refused []error, redo bool) {
	tx, err := l.w.Begin()
	if err != nil {
		fail(l.classify("begin transaction", err))
		return nil, nil, false
	}
	t := &txStatements{tx: tx, s: l.stmts, b: make(map[*sql.Stmt]*sql.Stmt, 4)}
	refused = make([]error, len(batch))
	for i, o := range batch {
		apply, atomic := o.apply, o.atomic
		if o.redo {
			apply, atomic = o.slow, true
		}
		if atomic {
			if _, err := tx.Exec(`SAVEPOINT op`); err != nil {
				l.abort(tx)
				fail(l.classify("savepoint", err))
				return nil, nil, false
			}
		}
		err := apply(t, now)
		var se *StateError
		switch {
		case err == nil:
			if atomic {
				if _, err := tx.Exec(`RELEASE op`); err != nil {
					l.abort(tx)
					fail(l.classify("release savepoint", err))
					return nil, nil, false
				}
			}
		case errors.Is(err, errRedo) && o.slow != nil && !o.redo:
			l.abort(tx)
			o.redo = true
			return nil, nil, true
		case errors.As(err, &se):
			if atomic {
				if _, err := tx.Exec(`ROLLBACK TO op; RELEASE op`); err != nil {
					l.abort(tx)
					fail(l.classify("rollback savepoint", err))
					return nil, nil, false
				}
			}
			refused[i] = err
		default:
			l.abort(tx)
			fail(l.classify("write", err))
			return nil, nil, false
		}
	}
	return tx, refused, false
}

// errRedo is an op's fast path saying that some row was refused: the
// batch is redone with the op row by row (op.slow).
var errRedo = errors.New("ledger: a row was refused; redo row by row")

// abort rolls back a failed batch. After a failed COMMIT SQLite may still
// hold the transaction open on the connection, so roll back by hand too,
// or the next BEGIN would fail.
func (l *Ledger) abort(tx *sql.Tx) {
	if tx != nil {
		_ = tx.Rollback()
	}
	_, _ = l.w.Exec(`ROLLBACK`) // "no transaction is active" is the usual, harmless answer
}
