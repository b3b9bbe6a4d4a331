package ledger

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry is the ledger's row for one record of the Nexset. It holds where the
// record went and what came back, never the request body or headers, so that
// secrets and excluded attributes cannot reach the ledger.
type Entry struct {
	Key        string // stable record key computed by the caller (key attribute or hash)
	Pos        int    // record number in the Nexset (1-based by convention)
	Line       int    // line of the Nexset file the record starts on (1-based); 0 when unknown (written before ledgers kept it)
	State      State
	Attempts   int    // requests sent for this record, counted at MarkInFlight
	Method     string // HTTP method of the last attempt; tells whether an in-doubt record may be resent
	URL        string // URL of the last attempt, userinfo and secret query values removed
	HTTPStatus int    // status of the last answer, 0 when none came
	ClioID     int64  // Clio's id of the created or updated object, 0 when unknown
	ErrType    string // Clio's error type, or a short local cause ("timeout", "validation")
	ErrMessage string // human-readable reason, truncated to maxErrMessage bytes
	Run        int64  // run that last touched the record
	// ContentHash is a hash of the record's content when it was last marked
	// in flight (flow.RecordRef.Hash); "" when unknown.
	ContentHash string
	// Fingerprint is the fingerprint (flow/sync) of the body the object was
	// last delivered with; "" when unknown (delivered before ledgers kept it).
	Fingerprint string
	// ETag is the etag Clio returned for cliodest's last write of the
	// object (sent as If-Match when it is updated); "" when unknown.
	ETag string
	// SeenETag is the etag Clio showed when an update met a change made
	// in Clio since (an edit conflict, ErrType ConflictType); "" otherwise.
	SeenETag string
	// Basis is the fingerprint's basis (flow/sync Basis, bases.go); 0 when
	// none is known.
	Basis     int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Outcome is the answer to one record's request, recorded right after it.
type Outcome struct {
	Key        string
	State      State // Delivered, Failed, Pending (retryable, certainly not applied) or InDoubt
	HTTPStatus int
	ClioID     int64
	ErrType    string
	ErrMessage string
	// Fingerprint of the body sent, kept only when State is Delivered.
	Fingerprint string
	// Basis is the fingerprint's basis (flow/sync Basis, bases.go), kept
	// with the fingerprint; 0 when unknown (a test send's edited body).
	Basis int64
	// ETag Clio returned, kept only when State is Delivered (where it
	// replaces the old one, "" included: a new object's etag is unknown).
	ETag string
	// SeenETag is the object's etag at an edit conflict; kept with a
	// Failed or Delivered outcome (which clears it), ignored otherwise.
	SeenETag string
}

// maxErrMessage bounds a stored message: Clio's messages are short, and a
// huge HTML error page must not bloat the ledger.
const maxErrMessage = 2000

// maxKey bounds a record key; keys are ids or hashes, far shorter.
const maxKey = 1024

// secretParams are query parameters whose values never reach the ledger.
var secretParams = []string{"access_token", "refresh_token", "token", "client_secret", "code", "password", "secret", "api_key"}

// sanitizeURL drops userinfo and the values of secret-looking query
// parameters, so a URL copied from a request cannot leak a credential.
func sanitizeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// Not a URL we can reason about: keep only what precedes any query.
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			return raw[:i]
		}
		return raw
	}
	u.User = nil
	u.Fragment = ""
	if u.RawQuery != "" {
		q := u.Query()
		redacted := false
		for name := range q {
			for _, s := range secretParams {
				if strings.EqualFold(name, s) {
					q[name] = []string{"REDACTED"}
					redacted = true
				}
			}
		}
		// Re-encoding sorts the parameters; do it only when something changed.
		if redacted {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func checkKey(where string, i int, key string) error {
	switch {
	case key == "":
		return fmt.Errorf("ledger %s: item %d has an empty key", where, i)
	case len(key) > maxKey:
		return fmt.Errorf("ledger %s: item %d key is %d bytes, longer than %d", where, i, len(key), maxKey)
	case !utf8.ValidString(key):
		return fmt.Errorf("ledger %s: item %d key is not valid UTF-8", where, i)
	}
	return nil
}

// checkUnique refuses two items with one key in a call: their order of
// application would decide the record's state silently.
func checkUnique(where string, keys func(i int) string, n int) error {
	if n < 2 {
		return nil
	}
	seen := make(map[string]int, n)
	for i := range n {
		k := keys(i)
		if j, dup := seen[k]; dup {
			return fmt.Errorf("ledger %s: items %d and %d share the key %q", where, j, i, k)
		}
		seen[k] = i
	}
	return nil
}
