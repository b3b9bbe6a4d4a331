package ledger

import (
	"database/sql"
	"fmt"
	"strconv"
)

// migrations[i] brings a ledger from version i+1 to i+2. Each runs inside
// the opening transaction (immediate, so two processes opening one old file
// cannot both migrate it), together with the version bump: a crash leaves
// the file at the old version, never half migrated.
var migrations = []string{
	// 1 → 2: the Nexset line of each record, so that status and retry name
	// the file's line (which differs from the position for CSV with a header
	// or multi-line cells, and for JSON arrays). 0 = unknown, for rows
	// written before the column existed.
	`ALTER TABLE records ADD COLUMN line INTEGER NOT NULL DEFAULT 0`,
	// 2 → 3: keys the Nexset uses for more than one record, as the last run
	// found them, so that status --failed lists them even when the key's
	// row stays delivered (its first record was sent before the copy came).
	`CREATE TABLE conflicts (
		key     TEXT    PRIMARY KEY,
		message TEXT    NOT NULL,
		run     INTEGER NOT NULL DEFAULT 0
	) WITHOUT ROWID`,
	// 3 → 4: a hash of the content each record was last sent with, kept
	// with its key, so that a record whose content changed under its key
	// (a Nexset rewritten during a run) is told from the one sent. '' =
	// unknown, for rows written before the column existed.
	`ALTER TABLE records ADD COLUMN content_hash TEXT NOT NULL DEFAULT ''`,
	// 4 → 5: the lookup cache (flow/lookup): each value found in Clio, in
	// its compared form, with the ID found and when, so a later run needs
	// no request for it.
	`CREATE TABLE lookups (
		collection  TEXT    NOT NULL,
		field       TEXT    NOT NULL,
		value       TEXT    NOT NULL,
		clio_id     INTEGER NOT NULL,
		label       TEXT    NOT NULL DEFAULT '',
		resolved_at INTEGER NOT NULL,
		PRIMARY KEY (collection, field, value)
	) WITHOUT ROWID`,
	// 5 → 6: the fingerprint of the body each delivered record's object
	// was last made or updated with (flow/sync), so a re-activation tells
	// a changed record from an unchanged one. '' = unknown, for rows
	// delivered before the column existed (recorded on the next run).
	`ALTER TABLE records ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''`,
	// 6 → 7: where a delivered record's object came from: 'test' when a
	// test send created it (testsend.go), '' when an activation did; and
	// how many removed records' objects a run deleted (on_remove: delete).
	`ALTER TABLE records ADD COLUMN origin TEXT NOT NULL DEFAULT '';
	ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0`,
	// 7 → 8: what find-or-create (find_by) made of a run's records: objects
	// created, objects found and updated or skipped, records ambiguous.
	`ALTER TABLE runs ADD COLUMN created INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN updated_existing INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN skipped_existing INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE runs ADD COLUMN ambiguous INTEGER NOT NULL DEFAULT 0`,
	// 8 → 9: the etag Clio returned for cliodest's last write of each
	// object, sent as If-Match when the object is updated (etag.go), and
	// the etag Clio showed when such an update met a change made in Clio
	// since (an edit conflict), which retry --overwrite-conflicts sends.
	// '' = none known.
	`ALTER TABLE records ADD COLUMN etag TEXT NOT NULL DEFAULT '';
	ALTER TABLE records ADD COLUMN seen_etag TEXT NOT NULL DEFAULT ''`,
	// 9 → 10: the basis of each delivered record's fingerprint (flow/sync
	// Basis: the destination's body settings, the record's content hash
	// and the fingerprint, hashed together), so a re-activation tells an
	// unchanged record without building its body (bases.go). 0 = none:
	// the record is built and compared, and its basis recorded then.
	`ALTER TABLE records ADD COLUMN basis INTEGER NOT NULL DEFAULT 0`,
	// 10 → 11: the find-by value (its compared form) of each record whose
	// create find-or-create sent (findvalues.go), kept before the request
	// leaves, so a create left in doubt holds back its value's records
	// without reading the Nexset again (standard input cannot be).
	`CREATE TABLE find_values (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) WITHOUT ROWID`,
}

// migrate runs the migrations from version from to SchemaVersion in tx and
// records the new version in meta.
func migrate(tx *sql.Tx, from int) error {
	if len(migrations) != SchemaVersion-1 {
		return fmt.Errorf("migrate: %d migrations for schema version %d", len(migrations), SchemaVersion)
	}
	if from >= SchemaVersion {
		return nil
	}
	for v := from; v < SchemaVersion; v++ {
		if _, err := tx.Exec(migrations[v-1]); err != nil {
			return fmt.Errorf("migrate from version %d to %d: %w", v, v+1, err)
		}
	}
	if _, err := tx.Exec(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		metaVersion, strconv.Itoa(SchemaVersion)); err != nil {
		return fmt.Errorf("migrate: write version: %w", err)
	}
	return nil
}
