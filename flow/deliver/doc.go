// Package deliver activates a Clio destination: it streams the Nexset
// through the destination's planner (the same code path as preview and
// test), sends the requests with a pool of workers paced to Clio's rate
// limit, retries what may be retried, records every record's fate in the
// ledger, posts each answer to the response webhook, and reports progress as
// typed events. It knows no terminal: commands and the wizard render the
// events.
//
// # Sending twice
//
// The ledger marks a record in flight (durably) before its request goes out
// and records the outcome right after the answer. What may be sent again:
//
//   - an answer that proves Clio did not apply the request (429, 503, 408;
//     502 and 504 for PATCH, PUT and DELETE) or an error that proves the request never left (the
//     connection could not be opened) is retried with exponential backoff
//     and jitter, up to MaxAttempts; then the record fails;
//   - PATCH, PUT and DELETE are idempotent: a lost answer, a timeout or a
//     500 is retried too;
//   - a POST whose answer was lost after the request was written (dropped
//     connection, timeout) or answered 500, 502 or 504 (a gateway that got
//     no answer from Clio, or gave up waiting) may have created the object. It
//     is never re-sent automatically: the record is left in_doubt. `retry
//     --in-doubt` (Options.InDoubt) holds such records until the rest of
//     the run is answered, then looks them up in Clio (reconcile.go,
//     match.go): one listing per group of identical requests, filtered by
//     the references sent and created_since, compared on every attribute
//     sent (fields= one level deep, numbers exactly); objects held in the
//     ledger or delivered in this run are never claimed; a group claims
//     at most one object per record and sends the rest; more candidates
//     than records keep it in doubt, "several objects match: decide by
//     hand".
//   - a record in flight when a previous process died is in doubt on the
//     next run: a PATCH is re-sent, a POST waits for `retry --in-doubt`.
//
// Other 4xx answers fail at once with Clio's message; a 401 has already been
// retried once by the client after refreshing the token.
//
// A success needs its object (answer.go): a 2xx whose body is not Clio's
// JSON with data.id for every record leaves a POST in doubt and fails a
// PATCH or PUT; it is never delivered with an unknown id.
//
// # Stopping when nothing can succeed
//
// A run stops (stop.go; Summary.Stopped says why) after maxUnreachable
// connection failures in a row or maxSilence without an answer, after
// maxServerErrors 5xx answers in a row, and at the first 401 the client
// could not fix by refreshing (or a credential that cannot give a token).
// No request leaves after that: requests in flight settle or go in doubt,
// the rest stay pending, and so does a record whose attempts all found no
// connection. The next activation sends them.
//
// # One run at a time
//
// A run that may send (activate, retry) holds an exclusive operating-system
// lock on the ledger's LockPath for its whole length, taken before the
// previous run's in-flight records are recovered: a second run of the same
// destination fails at once with a *LockedError naming the holder's PID and
// host. The kernel drops the lock when its process dies, however it dies,
// so a killed run's lock is simply taken over. A dry run takes no lock.
package deliver
