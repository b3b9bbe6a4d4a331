// Package session holds cliodest's use cases, written once for every
// front-end: connecting to Clio with a credential (Connect, one
// User-Agent); sending a test request (TestRequest, TestSend: the response
// webhook when asked, and the ledger's record of an object it creates,
// kept or undone: KeepTests, UndoTest; a record the ledger holds already:
// Held); checking a destination before it is activated (Check: a dry run,
// on a throw-away ledger before the first activation); activating,
// retrying and resolving a destination (Activate, Retry, Resolve: the
// ledger, the delivery lock, the pause switch, progress events and the
// summary); and reading where a destination stands (Status, StatusOf:
// counts, last run, the lock's holder and, as asked, the records of given
// states, duplicate keys, edit conflicts and removed records, read from the
// ledger read-only, never migrating or writing it).
//
// The commands (cmd), the full-screen wizard (ui), the accessible wizard
// (ui/accessible) and the destinations home call it; they keep only what is
// theirs: flags and output, screens, prompts. Imports point one way:
// front-ends → session → flow/deliver, flow/cred, flow/ledger → flow → clio.
package session
