package accessible

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/destindex"
	"github.com/cliodest/cliodest/flow/session"
)

// Options mirror the wizard's (ui.Options), so a command can open either.
type Options struct {
	In     io.Reader // answers, one per line
	Out    io.Writer // questions and explanations (stderr)
	Result io.Writer // the final summary ("Saved …") (stdout)

	Env   func(string) string
	Store *cred.Store // saved credentials; nil offers only CLIODEST_TOKEN

	BaseURL    clio.Host // --base-url / CLIODEST_BASE_URL when HasBaseURL
	HasBaseURL bool
	Token      string // CLIODEST_TOKEN; never displayed

	StartDir string // Nexset files are listed from here ("" = working directory)
	EditPath string // an existing destination to edit
	SavePath string // default save path of a new destination
	Demo     bool   // sandbox run: say so, and skip the real-object warnings

	HTTPClient *http.Client    // calls to Clio; nil means http.DefaultClient
	Index      destindex.Index // the destination-id index (see ui.Options.Index)
	UserAgent  string
}

// session is the use-case layer as these options set it up.
func (o Options) session() *session.Session {
	return &session.Session{Store: o.Store, Token: o.Token, BaseURL: o.BaseURL, HasBaseURL: o.HasBaseURL,
		UserAgent: o.UserAgent, HTTPClient: o.HTTPClient, Index: o.Index}
}

// ErrAborted is returned when the answers end (or the context is cancelled)
// before the destination was saved. Commands map it to exit code 130.
var ErrAborted = errors.New("accessible wizard closed without saving")

// Run asks the wizard's questions in order and saves the destination.
func Run(ctx context.Context, o Options) error {
	if o.In == nil {
		o.In = os.Stdin
	}
	if o.Out == nil {
		o.Out = os.Stderr
	}
	if o.Result == nil {
		o.Result = io.Discard
	}
	if o.Env == nil {
		o.Env = func(string) string { return "" }
	}
	if o.SavePath == "" {
		o.SavePath = "destination.yaml"
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	j := &journey{o: o, p: newPrompter(ctx, o.In, o.Out)}
	if err := j.run(ctx); err != nil {
		if errors.Is(err, errEndOfInput) || errors.Is(err, context.Canceled) {
			return fmt.Errorf("%w: %w", ErrAborted, err)
		}
		return err
	}
	return nil
}
