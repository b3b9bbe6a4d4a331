// Package wizard holds what both wizards — the full-screen one (package
// ui) and its line-by-line counterpart for screen readers (ui/accessible) —
// take from the command that opens them, so a command opens either with
// the same value.
package wizard

import (
	"io"
	"net/http"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/session"
)

// Options is what a wizard needs from the command that starts it.
type Options struct {
	In     io.Reader // keys (a terminal) or answers, one per line
	Out    io.Writer // the interface or the questions (stderr), so stdout stays clean
	Result io.Writer // the final summary ("Saved …") (stdout)

	Env   func(string) string // os.Getenv in production; nil sees an empty environment
	Store *cred.Store         // saved credentials; nil offers only CLIODEST_TOKEN and pasted tokens

	BaseURL    clio.Host // --base-url / CLIODEST_BASE_URL when HasBaseURL
	HasBaseURL bool
	// PinBaseURL: --base-url was given on the command line, so the saved
	// destination keeps it (base_url). From CLIODEST_BASE_URL alone it is
	// used, not saved, as cliodest new does: a sandbox's random port would
	// outlive the sandbox.
	PinBaseURL bool
	Token      string // CLIODEST_TOKEN; never displayed

	StartDir string // the Nexset picker starts here ("" = working directory)
	// StartNexset is the Nexset a new destination opens on, read at once
	// (the demo's sample that needs look-ups); "" starts on StartDir.
	StartNexset string
	EditPath    string // cliodest edit FILE: the destination to open
	// StartAtTest opens EditPath at the Test step (the home's t): the
	// Nexset is read and the saved credential checked first; when it
	// cannot be checked the wizard opens at the Credential step, saying why.
	StartAtTest bool
	SavePath    string // default save path for a new destination
	Demo        bool   // sandbox run: no real-object warning, a friendly banner

	// HTTPClient carries calls to Clio (who_am_i, look-ups, test sends,
	// activation); nil: each package's default client.
	HTTPClient *http.Client
	// Index is the destination-id index: activating a saved destination
	// whose id has deliveries in another ledger is refused. Zero: no check.
	Index destindex.Index
	// UserAgent is the User-Agent of every call to Clio ("" is clio's default).
	UserAgent string

	// OpenBrowser shows Clio's consent page during a browser login; nil
	// only displays the URL. (The full-screen wizard only.)
	OpenBrowser func(url string) error
	// RedirectPort is the loopback port of the redirect URI registered in
	// the Clio app (clio.DefaultRedirectPort unless the user moved it).
	RedirectPort int
}

// Session is the use-case layer (flow/session) as these options set it up.
func (o Options) Session() *session.Session {
	return &session.Session{Store: o.Store, Token: o.Token, BaseURL: o.BaseURL, HasBaseURL: o.HasBaseURL,
		UserAgent: o.UserAgent, HTTPClient: o.HTTPClient, Index: o.Index, Env: o.Env}
}
