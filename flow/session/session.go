package session

import (
	"net/http"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/destindex"
)

// Session is what the use cases share, built once by the command that
// starts a front-end from its flags, environment and configuration.
type Session struct {
	// Store holds the saved credentials; nil offers only CLIODEST_TOKEN.
	Store *cred.Store
	// Token is CLIODEST_TOKEN: an access token used instead of a saved
	// credential. Never displayed.
	Token string
	// BaseURL is --base-url / CLIODEST_BASE_URL when HasBaseURL: the host
	// requests go to instead of the credential's region.
	BaseURL    clio.Host
	HasBaseURL bool
	// UserAgent is the User-Agent of every call to Clio ("cliodest/1.2.3");
	// "" is clio.DefaultUserAgent.
	UserAgent string
	// HTTPClient carries calls to Clio and to response webhooks; nil uses
	// clio's and flow's own clients.
	HTTPClient *http.Client
	// Index is the destination-id index: a destination whose id has
	// deliveries in another ledger is refused. Zero: no check.
	Index destindex.Index
	// Env is the environment the command started with (the Factory's):
	// the ${NAME} variables of a destination's headers are read from it
	// when a request is sent. Nil is an empty environment.
	Env func(string) string
	// Now is the clock of ledger records; nil is time.Now.
	Now func() time.Time
}

func (s *Session) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// sending is p reading its header variables from the session's
// environment: every planner the use cases send with is one.
func (s *Session) sending(p *flow.Planner) *flow.Planner { return p.WithEnv(s.Env) }
