package cred

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// LoginOptions is one login: either a developer app plus an Authorize step
// (KindOAuth), or a pasted access token (KindToken).
type LoginOptions struct {
	Name string
	Host clio.Host
	Kind Kind

	// KindOAuth: the app, and the step that obtains its token (e.g.
	// clio.LoopbackLogin). It runs only after the name and the storage have
	// been checked, so the user never approves a login that cannot be saved.
	ClientID     string
	ClientSecret string
	Authorize    func(ctx context.Context) (*oauth2.Token, error)

	// KindToken: the pasted access token.
	Token string

	InsecureStorage bool // keep secrets in a 0600 file instead of the keyring
	Force           bool // replace a credential of the same name
}

// CheckLogin validates what can be validated before any token is obtained:
// the name, a duplicate, the host and the secret storage.
func (s *Store) CheckLogin(o LoginOptions) error {
	if err := ValidateName(o.Name); err != nil {
		return err
	}
	if o.Host.Root == nil {
		return &UsageError{Msg: "no Clio host: pass --region or --base-url"}
	}
	switch o.Kind {
	case KindOAuth:
		if strings.TrimSpace(o.ClientID) == "" {
			return &UsageError{Msg: "an OAuth login needs the Clio app's client ID (--client-id)"}
		}
		if o.ClientSecret == "" {
			return &UsageError{Msg: "an OAuth login needs the Clio app's client secret (--client-secret-stdin)"}
		}
	case KindToken:
		if strings.TrimSpace(o.Token) == "" {
			return &UsageError{Msg: "the pasted access token is empty"}
		}
	default:
		return &UsageError{Msg: fmt.Sprintf("unknown credential kind %q (oauth or token)", o.Kind)}
	}
	if _, err := s.Get(o.Name); err == nil {
		if !o.Force {
			return &ExistsError{Name: o.Name}
		}
	} else if !errors.As(err, new(*NotFoundError)) {
		return err
	}
	if !o.InsecureStorage {
		if err := s.ProbeKeyring(); err != nil {
			return err
		}
	}
	return nil
}

// Login obtains the token, checks it with who_am_i and only then saves the
// credential. A token Clio rejects is never saved.
func (s *Store) Login(ctx context.Context, o LoginOptions) (Credential, error) {
	if err := s.CheckLogin(o); err != nil {
		return Credential{}, err
	}
	var sec Secret
	switch o.Kind {
	case KindOAuth:
		if o.Authorize == nil {
			return Credential{}, errors.New("cred login: no authorization step for an OAuth login")
		}
		tok, err := o.Authorize(ctx)
		if err != nil {
			return Credential{}, err
		}
		if tok == nil || tok.AccessToken == "" {
			return Credential{}, errors.New("the token answer from Clio carried no access token")
		}
		sec = Secret{ClientSecret: o.ClientSecret, AccessToken: tok.AccessToken,
			RefreshToken: tok.RefreshToken, TokenType: tok.TokenType, Expiry: tok.Expiry}
	case KindToken:
		sec = Secret{AccessToken: strings.TrimSpace(o.Token), TokenType: "Bearer"}
	}

	c := Credential{Name: o.Name, Kind: o.Kind, Storage: StorageKeyring, Created: s.now().UTC().Truncate(time.Second)}
	if o.Kind == KindOAuth {
		c.ClientID = strings.TrimSpace(o.ClientID)
	}
	if o.InsecureStorage {
		c.Storage = StorageFile
	}
	c.setHost(o.Host)

	user, err := s.whoAmI(ctx, o.Host, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: sec.AccessToken, TokenType: sec.TokenType}))
	if err != nil {
		if !errors.As(err, new(*clio.APIError)) {
			// No answer at all says nothing about the token: do not blame it.
			return Credential{}, fmt.Errorf("could not reach Clio at %s to check the token, so nothing was saved: %w", o.Host, err)
		}
		return Credential{}, fmt.Errorf("the token was not accepted by Clio at %s, so nothing was saved: %w", o.Host, err)
	}
	c.User = user
	c.LastChecked = c.Created

	old, oldErr := s.Get(o.Name)
	if err := s.writeSecret(c, sec); err != nil {
		if o.Kind == KindOAuth {
			_ = s.deauthorize(ctx, c, sec.AccessToken) // a token nobody keeps should not stay valid
		}
		return Credential{}, err
	}
	if err := s.put(c); err != nil {
		_ = s.secrets(c).Delete(Service, c.Name)
		return Credential{}, err
	}
	if oldErr == nil && old.Storage != c.Storage {
		// --force moved the credential: drop the copy in the other storage.
		_ = s.secrets(old).Delete(Service, old.Name)
	}
	return c, nil
}

// Check calls who_am_i with the saved credential (refreshing it if needed)
// and records the user and the time.
func (s *Store) Check(ctx context.Context, name string) (Credential, error) {
	ts, host, err := s.TokenSource(ctx, name)
	if err != nil {
		return Credential{}, err
	}
	user, err := s.whoAmIRetrying(ctx, host, ts)
	if err != nil {
		return Credential{}, fmt.Errorf("credential %q: check at %s: %w", name, host, err)
	}
	if err := s.touch(name, user); err != nil {
		return Credential{}, err
	}
	return s.Get(name)
}

func (s *Store) whoAmI(ctx context.Context, h clio.Host, ts oauth2.TokenSource) (User, error) {
	c := clio.NewClient(clio.Options{Host: h, TokenSource: ts, HTTPClient: s.client, UserAgent: s.agent})
	u, err := c.WhoAmI(ctx)
	if err != nil {
		return User{}, err
	}
	name := u.Name
	if name == "" {
		name = strings.TrimSpace(u.FirstName + " " + u.LastName)
	}
	return User{ID: u.ID, Name: name, Email: u.Email}, nil
}

func (s *Store) deauthorize(ctx context.Context, c Credential, token string) error {
	h, err := c.Host()
	if err != nil {
		return err
	}
	return clio.Deauthorize(s.httpContext(ctx), h, token)
}
