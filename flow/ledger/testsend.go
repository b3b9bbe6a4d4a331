package ledger

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// This file serves test sends (flow/deliver, testsend.go): the object a
// test send created is its record's delivery, so an activation does not
// create it a second time, and undoing the test forgets it once the object
// is deleted in Clio. A test send's row has origin 'test' and run 0 until
// a run touches it (an update of its object makes it a run's delivery).

const originTest = "test"

// TestDelivered records that a test send created Clio object e.ClioID for
// the record e.Key, with the body whose fingerprint is e.Fingerprint: the
// record becomes Delivered, by test. Key, Pos, Line, Method, URL,
// HTTPStatus, ClioID, ContentHash, Fingerprint and ETag are read. Only an absent,
// Pending or Failed record may take it; a record delivered, in flight or
// in doubt refuses with a *StateError and nothing is written.
func (l *Ledger) TestDelivered(e Entry) error {
	if err := checkKey("record a test send", 0, e.Key); err != nil {
		return err
	}
	if e.ClioID <= 0 {
		return fmt.Errorf("ledger record a test send: record %q has no Clio ID", e.Key)
	}
	if e.Pos < 0 || e.Line < 0 {
		return fmt.Errorf("ledger record a test send: record %q has position %d, line %d", e.Key, e.Pos, e.Line)
	}
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, now int64) error {
			res, err := t.tx.Exec(`INSERT INTO records (key, pos, line, state, attempts, method, url, http_status, clio_id, run,
				created_at, updated_at, content_hash, fingerprint, origin, etag)
				VALUES (?1, ?2, ?3, 'delivered', 1, ?4, ?5, ?6, ?7, 0, ?8, ?8, ?9, ?10, 'test', ?11)
				ON CONFLICT (key) DO UPDATE SET
					pos = excluded.pos, line = excluded.line, state = 'delivered', attempts = records.attempts + 1,
					method = excluded.method, url = excluded.url, http_status = excluded.http_status,
					clio_id = excluded.clio_id, err_type = '', err_message = '', run = 0,
					updated_at = excluded.updated_at, content_hash = excluded.content_hash,
					fingerprint = excluded.fingerprint, basis = 0, origin = 'test', etag = excluded.etag, seen_etag = ''
				WHERE records.state IN ('pending', 'failed')`,
				e.Key, e.Pos, e.Line, strings.ToUpper(e.Method), sanitizeURL(e.URL), e.HTTPStatus, e.ClioID, now,
				truncate(e.ContentHash, 128), truncate(e.Fingerprint, 128), truncate(e.ETag, maxETag))
			if err != nil {
				return fmt.Errorf("record the test send of %q: %w", e.Key, err)
			}
			return refusedIfUnchanged(t, res, "record a test send", e.Key)
		},
	})
}

// TestObject returns the record's entry when its object was made by a test
// send and no run has touched it since; false otherwise.
func (l *Ledger) TestObject(key string) (Entry, bool, error) {
	if err := l.readable(); err != nil {
		return Entry{}, false, err
	}
	var out Entry
	found := false
	err := l.query("look up a test send", `SELECT `+entryColumns+` FROM records WHERE key = ? AND state = 'delivered' AND origin = ? AND run = 0`,
		[]any{key, originTest}, func(e Entry) error {
			out, found = e, true
			return nil
		})
	return out, found, err
}

// ByTest counts the records delivered by a test send that no run has
// touched since.
func (l *Ledger) ByTest() (int, error) {
	if err := l.readable(); err != nil {
		return 0, err
	}
	var n int
	err := l.r.QueryRow(`SELECT count(*) FROM records WHERE state = 'delivered' AND origin = ? AND run = 0`, originTest).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, l.classify("count test sends", err)
	}
	return n, nil
}

// ForgetTest removes a record delivered by a test send and untouched since
// (TestObject), once its object is deleted in Clio: the record is then new
// again. Any other row refuses with a *StateError.
func (l *Ledger) ForgetTest(key string) error {
	if err := checkKey("forget a test send", 0, key); err != nil {
		return err
	}
	return l.submit(&op{
		rows: 1,
		apply: func(t *txStatements, _ int64) error {
			res, err := t.tx.Exec(`DELETE FROM records WHERE key = ? AND state = 'delivered' AND origin = ? AND run = 0`, key, originTest)
			if err != nil {
				return fmt.Errorf("forget the test send of %q: %w", key, err)
			}
			return refusedIfUnchanged(t, res, "forget a test send", key)
		},
	})
}
