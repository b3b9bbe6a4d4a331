package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"

	tea "charm.land/bubbletea/v2"

	"golang.org/x/term"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/session"
)

// Options is what the wizard needs from the command that starts it.
type Options struct {
	In     io.Reader // keys come from here (a terminal)
	Out    io.Writer // the interface is drawn here (stderr), so stdout stays clean
	Result io.Writer // the final summary ("Saved …") goes here (stdout)

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
	EditPath string // cliodest edit FILE: the destination to open
	SavePath string // default save path for a new destination
	Demo     bool   // sandbox run: no real-object warning, a friendly banner

	// HTTPClient carries calls to Clio (who_am_i, look-ups, test sends,
	// activation); nil means http.DefaultClient.
	HTTPClient *http.Client
	// Index is the destination-id index: activating a saved destination
	// whose id has deliveries in another ledger is refused. Zero: no check.
	Index destindex.Index

	// OpenBrowser shows Clio's consent page during a browser login; nil
	// only displays the URL.
	OpenBrowser func(url string) error
	// RedirectPort is the loopback port of the redirect URI registered in
	// the Clio app (clio.DefaultRedirectPort unless the user moved it).
	RedirectPort int
	// UserAgent is the User-Agent of every call to Clio ("" is clio's default).
	UserAgent string
}

// session is the use-case layer as these options set it up.
func (o Options) session() *session.Session {
	return &session.Session{Store: o.Store, Token: o.Token, BaseURL: o.BaseURL, HasBaseURL: o.HasBaseURL,
		UserAgent: o.UserAgent, HTTPClient: o.HTTPClient, Index: o.Index}
}

// ErrAborted is returned by Run when the user leaves the wizard without
// saving (after confirming). Commands map it to exit code 130.
var ErrAborted = errors.New("wizard closed without saving")

// Run opens the wizard and returns when the user leaves it. When a
// destination was saved, a summary is written to o.Result.
func Run(ctx context.Context, o Options) error {
	if o.Out == nil {
		o.Out = os.Stderr
	}
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	m, err := newModel(ctx, o)
	if err != nil {
		return err
	}
	// A terminal goes to Bubble Tea as is: it must see the *os.File to put
	// it in raw mode. Anything else is watched for its end.
	in := &eofReader{r: o.In}
	var input io.Reader = in
	if f, ok := o.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		input = f
	}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(input), tea.WithOutput(o.Out)}
	if p, ok := detectProfile(o.Env); ok {
		opts = append(opts, tea.WithColorProfile(p))
	}
	p := tea.NewProgram(m, opts...)
	in.onEOF = func() { p.Send(inputClosedMsg{}) }
	final, err := p.Run()
	if fm, ok := final.(*model); ok {
		fm.shutdown()
		if err == nil {
			err = fm.finish(o.Result)
		}
	}
	if err != nil {
		if errors.Is(err, tea.ErrInterrupted) || errors.Is(err, tea.ErrProgramKilled) {
			return fmt.Errorf("%w: %w", ErrAborted, err)
		}
		return err
	}
	return nil
}

// ErrInputClosed is returned by Run when its input ends before the user
// leaves the wizard (a closed terminal, a pipe that ran dry).
var ErrInputClosed = errors.New("the wizard's input closed before it finished")

type inputClosedMsg struct{}

// eofReader tells the program when its input ends: Bubble Tea would
// otherwise wait for keys that can never come.
type eofReader struct {
	r     io.Reader
	onEOF func()
	once  sync.Once
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.EOF) && e.onEOF != nil {
		e.once.Do(e.onEOF)
	}
	return n, err
}
