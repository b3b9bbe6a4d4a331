package cred

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// TokenSource hands out name's token, refreshing OAuth credentials when they
// expire and writing refreshed tokens back to where the secrets live. The
// source implements Invalidate() (called by clio.Client on a 401
// invalid_token) to force one refresh. ctx bounds every refresh.
func (s *Store) TokenSource(ctx context.Context, name string) (oauth2.TokenSource, clio.Host, error) {
	c, err := s.Get(name)
	if err != nil {
		return nil, clio.Host{}, err
	}
	h, err := c.Host()
	if err != nil {
		return nil, clio.Host{}, err
	}
	sec, err := s.readSecret(c)
	if err != nil {
		return nil, clio.Host{}, err
	}
	tok := &oauth2.Token{AccessToken: sec.AccessToken, RefreshToken: sec.RefreshToken, TokenType: sec.TokenType, Expiry: sec.Expiry}
	if c.Kind == KindToken {
		return &pastedSource{name: c.Name, tok: tok}, h, nil
	}
	conf := clio.OAuthConfig(h, c.ClientID, sec.ClientSecret, "")
	rctx := s.httpContext(ctx)
	return &savingSource{
		store: s, cred: c, secret: sec, conf: conf, ctx: rctx,
		base: conf.TokenSource(rctx, tok), last: tok,
	}, h, nil
}

// savingSource wraps x/oauth2's refreshing source: it has no hook for a
// refreshed token, so the wrapper compares and saves.
type savingSource struct {
	store  *Store
	cred   Credential
	secret Secret
	conf   *oauth2.Config
	ctx    context.Context

	mu         sync.Mutex
	base       oauth2.TokenSource
	last       *oauth2.Token
	invalidate bool
}

func (s *savingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.invalidate {
		s.invalidate = false
		// A token without an access token is never valid, so the new
		// source refreshes on its first call.
		s.base = s.conf.TokenSource(s.ctx, &oauth2.Token{RefreshToken: s.last.RefreshToken})
	}
	tok, err := s.base.Token()
	if err != nil {
		return nil, s.refreshError(err)
	}
	if tok.AccessToken != s.last.AccessToken || tok.RefreshToken != s.last.RefreshToken {
		s.save(tok)
	}
	s.last = tok
	return tok, nil
}

// Invalidate makes the next Token call refresh, whatever the expiry says.
func (s *savingSource) Invalidate() {
	s.mu.Lock()
	s.invalidate = true
	s.mu.Unlock()
}

func (s *savingSource) save(tok *oauth2.Token) {
	sec := s.secret
	sec.AccessToken, sec.TokenType, sec.Expiry = tok.AccessToken, tok.TokenType, tok.Expiry
	if tok.RefreshToken != "" {
		sec.RefreshToken = tok.RefreshToken
	}
	if err := s.store.writeSecret(s.cred, sec); err != nil {
		// The new token works for this run; the saved one still refreshes
		// next time, so warn rather than fail the work in progress.
		fmt.Fprintf(s.store.warn, "warning: credential %q: the refreshed token could not be saved: %v\n", s.cred.Name, err)
		return
	}
	s.secret = sec
}

func (s *savingSource) refreshError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		var cause error = re
		if re.Response != nil {
			cause = clio.ParseError(re.Response.StatusCode, re.Response.Header, re.Body)
		}
		return &ReloginError{Name: s.cred.Name, Reason: "Clio refused to refresh its token", Err: cause}
	}
	if s.last.RefreshToken == "" {
		return &ReloginError{Name: s.cred.Name, Reason: "its token expired and there is no refresh token"}
	}
	// Network trouble: keep the cause so callers can retry (clio.IsRetryable).
	return fmt.Errorf("credential %q: refresh the token: %w", s.cred.Name, err)
}

// pastedSource serves a pasted access token; it cannot refresh, so once
// Clio rejects it the only way on is a new login.
type pastedSource struct {
	name string

	mu       sync.Mutex
	tok      *oauth2.Token
	rejected bool
}

func (p *pastedSource) Token() (*oauth2.Token, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rejected {
		return nil, &ReloginError{Name: p.name, Reason: "Clio rejected its pasted access token, which cannot be refreshed"}
	}
	t := *p.tok
	return &t, nil
}

func (p *pastedSource) Invalidate() {
	p.mu.Lock()
	p.rejected = true
	p.mu.Unlock()
}
