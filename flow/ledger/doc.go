// Package ledger is the delivery record of one Clio destination: for each
// record of the Nexset, its state, attempts, the last request's method and
// URL, and Clio's id or error. It is what lets a re-activation resume without
// sending any record twice.
//
// # File
//
// One SQLite database per destination (modernc.org/sqlite, pure Go), by
// default beside the destination file (DefaultPath: x.yaml → x.ledger.db),
// created with mode 0600 in a 0700 directory. A meta table holds the schema
// version, the destination's identity and the settings the ledger remembers
// for flow/deliver (the key and endpoint its records were written under,
// settings.go, which also re-keys records); Open refuses a ledger of another
// destination (*MismatchError), of a newer schema (*VersionError) or a file
// that is not a ledger (*CorruptError). An older schema is migrated in the
// opening transaction (migrate.go): version 2 added each record's Nexset line,
// version 3 the table of keys the Nexset uses twice (conflicts.go), version 4
// the hash of the content each record was sent with, version 5 the
// lookup cache, version 6 the fingerprint of the body each delivered
// object was made or last updated with (sync.go), version 7 where a
// delivered object came from (a test send or an activation), version 8
// what find-or-create made of each run, version 9 the etags of each
// object (etag.go), version 10 the basis of each delivered record's
// fingerprint (bases.go).
//
// Request bodies and headers are never stored, so secrets and excluded
// attributes cannot reach the ledger; URLs lose userinfo and the values of
// secret-looking query parameters; error messages are truncated.
//
// # States
//
//	absent/pending ──MarkInFlight──▶ in_flight ──Record──▶ delivered | failed | pending | in_doubt
//	failed, in_doubt ──MarkInFlight──▶ in_flight         (retry; the engine decides for in_doubt)
//	absent/pending/failed ──Reject──▶ failed             (refused before any request)
//	in_flight ──RecoverInFlight──▶ in_doubt               (a crashed run's traces)
//
// MarkInFlight refuses a delivered or in-flight record, Record refuses one
// that is not in flight (*StateError): the last guard against double sends
// and lost outcomes. A call's items are applied all or nothing.
//
// # Group commit and durability
//
// Every write goes to one writer goroutine that owns the only write
// connection. It commits in one transaction (at most 2,000 rows) every write
// queued while its previous commit ran, then acks each caller. Alone, a
// caller waits for one commit and no timer. When the previous commit served
// several callers, the writer waits up to 2 ms for about as many to queue
// again — they are the callers just acked, coming back with their next
// write — so under load dozens of callers share a commit; syscalls per
// commit, not rows, are the cost. A caller's MarkInFlight returns only
// after its transaction committed, which is what "written before the
// request goes out" means; a write that failed is reported as failed to
// every caller of its batch, never as success. One caller's refused items
// (*StateError) are undone alone, through a savepoint, and do not fail the
// others. A call of many records is written with one multi-row statement
// per 500 records and no savepoint; when one of its records is refused,
// the commit is redone with that call row by row in a savepoint.
//
// The database runs in WAL mode with synchronous=NORMAL: a commit is in the
// WAL (the OS's cache) when acked but not fsynced until checkpoint. It
// survives the cliodest process being killed, which is the crash the ledger
// guards against. A power loss or OS crash may lose the last commits: a
// record could then have been sent without its in-flight mark, and could be
// sent again. synchronous=FULL would close that window at the price of an
// fsync per batch; NORMAL keeps the ledger far from being the bottleneck.
//
// Reads (States, Counts, List, Each, LastRun) use a separate read-only pool
// and never wait for the writer.
//
// # Runs
//
// StartRun and FinishRun bracket each activation, retry or dry run and keep
// its summary (counts, requests, time waited on the rate limit). A run that
// never finished is reported Interrupted by LastRun — a handle cannot tell a
// dead process from one still running elsewhere, so two activations of one
// destination at once must be prevented by the caller.
package ledger
