// Package ledgertest makes ledgers of an earlier schema, as an earlier
// cliodest left them, for tests of code that must read such a ledger
// without changing it (status, validate).
package ledgertest

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Downgrade turns the ledger at path into what version 7 had: without the
// columns and table versions 8 to 11 added.
func Downgrade(t testing.TB, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP TABLE find_values`,
		`ALTER TABLE records DROP COLUMN basis`,
		`ALTER TABLE records DROP COLUMN etag`,
		`ALTER TABLE records DROP COLUMN seen_etag`,
		`ALTER TABLE runs DROP COLUMN created`,
		`ALTER TABLE runs DROP COLUMN updated_existing`,
		`ALTER TABLE runs DROP COLUMN skipped_existing`,
		`ALTER TABLE runs DROP COLUMN ambiguous`,
		`UPDATE meta SET value = '7' WHERE key = 'schema_version'`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
