package ledger

// SchemaVersion is the layout this build writes. Bump it with a migration in
// migrations (migrate.go) when the tables change; a file with a higher number
// is refused.
const SchemaVersion = 11

// schemaV1 is the first layout. A new ledger is created with it and then
// brought to SchemaVersion by the same migrations an old file goes through,
// so the two paths cannot drift apart. Never edit it: files exist with it.
//
// Times are Unix nanoseconds (UTC) in INTEGER columns: compact, sortable and
// free of driver time-format quirks.
const schemaV1 = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE runs (
	id             INTEGER PRIMARY KEY,
	mode           TEXT    NOT NULL,
	started_at     INTEGER NOT NULL,
	finished_at    INTEGER,
	records        INTEGER NOT NULL DEFAULT 0,
	delivered      INTEGER NOT NULL DEFAULT 0,
	failed         INTEGER NOT NULL DEFAULT 0,
	in_doubt       INTEGER NOT NULL DEFAULT 0,
	pending        INTEGER NOT NULL DEFAULT 0,
	skipped        INTEGER NOT NULL DEFAULT 0,
	requests       INTEGER NOT NULL DEFAULT 0,
	rate_wait_ns   INTEGER NOT NULL DEFAULT 0,
	interrupted    INTEGER NOT NULL DEFAULT 0,
	error          TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE records (
	key         TEXT    PRIMARY KEY,
	pos         INTEGER NOT NULL,
	state       TEXT    NOT NULL CHECK (state IN ('pending','in_flight','delivered','failed','in_doubt')),
	attempts    INTEGER NOT NULL DEFAULT 0,
	method      TEXT    NOT NULL DEFAULT '',
	url         TEXT    NOT NULL DEFAULT '',
	http_status INTEGER NOT NULL DEFAULT 0,
	clio_id     INTEGER NOT NULL DEFAULT 0,
	err_type    TEXT    NOT NULL DEFAULT '',
	err_message TEXT    NOT NULL DEFAULT '',
	run         INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- status --failed, retry and RecoverInFlight walk one state in Nexset order.
CREATE INDEX records_state_pos ON records (state, pos, key);
`

// schemaIndexes serve lookups by position and by Clio id (retry and in-doubt
// reconciliation in flow/deliver), and by content and fingerprint (sync.go:
// shifted records, a key renamed under a delivered body). They are created on every open, so files
// made before they existed get them without a version bump.
const schemaIndexes = `
CREATE INDEX IF NOT EXISTS records_pos ON records (pos);
CREATE INDEX IF NOT EXISTS records_delivered_clio ON records (clio_id) WHERE state = 'delivered';
CREATE INDEX IF NOT EXISTS records_delivered_content ON records (content_hash) WHERE state = 'delivered';
CREATE INDEX IF NOT EXISTS records_delivered_print ON records (fingerprint) WHERE state = 'delivered';
`

// Keys of the meta table.
const (
	metaVersion  = "schema_version"
	metaDestID   = "destination_id"
	metaDestName = "destination_name"
	metaCreated  = "created_at"
)
