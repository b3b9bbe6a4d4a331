package session

import (
	"context"
	"fmt"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
)

// Conn is a credential resolved to a Clio client bound to its host.
type Conn struct {
	Client *clio.Client
	Host   clio.Host
	Label  string    // the choice in words: `firm (us, Jane Doe)`, `CLIODEST_TOKEN (us)`
	Name   string    // the saved credential; "" for CLIODEST_TOKEN
	Env    bool      // the token is CLIODEST_TOKEN's
	User   clio.User // who Clio says the token acts as (Connect only)
}

// Login says which credential to use.
type Login struct {
	Name       string // a saved credential; "" is the only one saved
	Env        bool   // CLIODEST_TOKEN instead of a saved credential
	APIVersion string // the destination's Clio API version; "" is clio's default
}

// NewClient is the Clio client of every call cliodest makes: one
// User-Agent, the session's HTTP client.
func (s *Session) NewClient(host clio.Host, ts oauth2.TokenSource, apiVersion string) *clio.Client {
	return clio.NewClient(clio.Options{Host: host, TokenSource: ts, APIVersion: apiVersion, UserAgent: s.UserAgent, HTTPClient: s.HTTPClient})
}

// Client resolves the credential to a client without asking Clio anything:
// CLIODEST_TOKEN goes to the session's base URL (else Clio's us region); a
// saved credential to its own host only (a base URL elsewhere is refused).
func (s *Session) Client(ctx context.Context, l Login) (*Conn, error) {
	return s.resolve(ctx, l, s.BaseURL, s.HasBaseURL)
}

// Connect is Client, then asks Clio who the token acts as (who_am_i), so a
// credential that Clio refuses is known before anything is sent.
func (s *Session) Connect(ctx context.Context, l Login) (*Conn, error) {
	c, err := s.Client(ctx, l)
	if err != nil {
		return nil, err
	}
	if c.User, err = c.Client.WhoAmI(ctx); err != nil {
		return nil, fmt.Errorf("checking %s with Clio: %w", c.Label, err)
	}
	return c, nil
}

// ClientFor is the client of d's requests: its credential (CLIODEST_TOKEN
// when set), to the host Host(d) says, in d's API version.
func (s *Session) ClientFor(ctx context.Context, d *flow.Destination) (*Conn, error) {
	base, hasBase, err := s.Host(d)
	if err != nil {
		return nil, &InputError{Err: err}
	}
	return s.resolve(ctx, Login{Name: d.Credential, Env: s.Token != "", APIVersion: d.EffectiveAPIVersion()}, base, hasBase)
}

func (s *Session) resolve(ctx context.Context, l Login, base clio.Host, hasBase bool) (*Conn, error) {
	token := ""
	if l.Env {
		token = s.Token
	}
	store := s.Store
	if store == nil && token == "" {
		return nil, &cred.MissingError{Name: l.Name, Err: &cred.UsageError{Msg: "no Clio credential saved"}}
	}
	ts, host, label, err := cred.Resolve(ctx, store, l.Name, token, base, hasBase)
	if err != nil {
		return nil, err
	}
	name := l.Name
	if token != "" {
		name = ""
	}
	return &Conn{Client: s.NewClient(host, ts, l.APIVersion), Host: host, Label: label, Name: name, Env: token != ""}, nil
}

// Host is where d's requests go: the session's base URL, else the file's
// base_url; ok is false when neither is set (the credential decides).
func (s *Session) Host(d *flow.Destination) (h clio.Host, ok bool, err error) {
	if s.HasBaseURL {
		return s.BaseURL, true, nil
	}
	if d.BaseURL == "" {
		return clio.Host{}, false, nil
	}
	h, err = clio.ParseBaseURL(d.BaseURL)
	if err != nil {
		return clio.Host{}, false, fmt.Errorf("base_url: %w", err)
	}
	return h, true, nil
}
