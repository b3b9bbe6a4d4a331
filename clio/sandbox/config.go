package sandbox

import (
	"io"
	"time"

	"github.com/cliodest/cliodest/clio"
)

// Faults describes injected failures on /api/v4 paths, drawn from a PRNG seeded
// with Seed so the same sequence of requests meets the same faults.
type Faults struct {
	Seed int64
	// ErrorRate is the fraction of requests answered 500, 502 or 503 before
	// they are handled: nothing is created, a retry is safe.
	ErrorRate float64
	// SlowRate is the fraction of requests held for SlowDelay before handling.
	SlowRate  float64
	SlowDelay time.Duration
	// DropRate is the fraction of requests handled in full (objects created)
	// whose connection is then closed without an answer.
	DropRate float64
	// RateDropAfter, when positive, lowers the rate limit to RateDropTo
	// after that many API requests, as Clio's limits change without notice.
	RateDropAfter int
	RateDropTo    int
}

// Config shapes a Server. The zero value is a usable sandbox.
type Config struct {
	RateLimit     int           // requests per window and token; 0 → 50; < 0 → no limit
	RateWindow    time.Duration // 0 → 60 s
	TokenLifetime time.Duration // access-token lifetime; 0 → 30 days, as Clio's
	Faults        Faults
	Log           io.Writer        // JSON Lines request log; nil → none
	Now           func() time.Time // clock for expiry, windows and timestamps; nil → time.Now
	// DenyConsent makes /oauth/authorize answer error=access_denied, as when
	// the user refuses; client_id "deny" or query deny=1 do the same per request.
	DenyConsent bool
	// RedirectURIs are the app's registered redirect URIs: as Clio does,
	// /oauth/authorize refuses any other (extra query parameters aside).
	// Nil accepts any redirect, for tests whose login listens on a free port;
	// "cliodest sandbox" registers DefaultRedirectURIs.
	RedirectURIs []string
	// Forbidden are collections ("activities", "tasks") the app lacks the
	// scope for: every call to them is answered 403 ForbiddenError.
	Forbidden []string
	// Billed are activity IDs already on a bill: Clio refuses to change
	// them, so their updates are answered 422 with Clio's message.
	Billed []int64
	// UserName replaces the name of the user tokens act as (Jane Doe), as
	// who_am_i and every user listing answer it: a hostile server's name for
	// tests of what reaches the terminal.
	UserName string
	// ExtraUsers and ExtraMatters are reference data beside Seed, for
	// look-ups at a firm's scale (benchmarks); their IDs must not meet
	// Seed's (users 1001–1999, matters 3001–3999 are Seed's ranges).
	ExtraUsers   []SeedUser
	ExtraMatters []SeedMatter
	// SearchLag keeps an object created through the API out of the
	// answers to query= for this long, as Clio's search index lags behind
	// new objects: a look-up by e-mail right after a create finds nothing.
	// Listings without query=, and reads by ID, see it at once. 0: no lag.
	SearchLag time.Duration
	// ExtraCustomFields are custom fields beside SeedCustomFields (IDs
	// outside 7001–7999), e.g. a second field of one name and parent type.
	ExtraCustomFields []SeedCustomField
}

// DefaultRedirectURIs are what the README tells a firm to register in its
// Clio app: cliodest's loopback callback, and the approval page that
// --paste-code uses (on whichever host serves the sandbox).
func DefaultRedirectURIs() []string {
	return []string{clio.LoopbackRedirectURL(clio.DefaultRedirectPort), "/oauth/approval"}
}

const (
	defaultRateLimit     = 50
	defaultRateWindow    = 60 * time.Second
	defaultTokenLifetime = 30 * 24 * time.Hour
	codeLifetime         = 10 * time.Minute
)

// withDefaults fills the documented defaults so the rest of the package never checks zeros.
func (c Config) withDefaults() Config {
	if c.RateLimit == 0 {
		c.RateLimit = defaultRateLimit
	}
	if c.RateWindow <= 0 {
		c.RateWindow = defaultRateWindow
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = defaultTokenLifetime
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
