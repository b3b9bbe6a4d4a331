package cred

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
)

// EnvToken names the environment variable whose token bypasses saved
// credentials (for CI and one-off scripts).
const EnvToken = "CLIODEST_TOKEN"

// Resolve decides which token and host a command uses:
//   - envToken (CLIODEST_TOKEN) wins: sent to baseURL when hasBaseURL, else to us;
//   - otherwise the credential called name (or the only saved one when name
//     is ""), bound to its own host: a baseURL elsewhere is a *HostMismatchError.
//
// label describes the choice for the user, e.g. `firm (us, Jane Doe)`.
func Resolve(ctx context.Context, store *Store, name, envToken string, baseURL clio.Host, hasBaseURL bool) (ts oauth2.TokenSource, host clio.Host, label string, err error) {
	if tok := strings.TrimSpace(envToken); tok != "" {
		host = baseURL
		if !hasBaseURL {
			if host, err = clio.RegionHost("us"); err != nil {
				return nil, clio.Host{}, "", err
			}
		}
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}), host, EnvToken + " (" + hostWords(host) + ")", nil
	}
	if name == "" {
		creds, err := store.List()
		if err != nil {
			return nil, clio.Host{}, "", err
		}
		switch len(creds) {
		case 0:
			return nil, clio.Host{}, "", &MissingError{Err: &UsageError{Msg: "no Clio credential saved"}}
		case 1:
			name = creds[0].Name
		default:
			names := make([]string, len(creds))
			for i, c := range creds {
				names[i] = c.Name
			}
			return nil, clio.Host{}, "", &UsageError{Msg: "several credentials are saved (" + strings.Join(names, ", ") + "); say which one to use"}
		}
	}
	c, err := store.Get(name)
	if err != nil {
		if nf := (*NotFoundError)(nil); errors.As(err, &nf) {
			err = &MissingError{Name: name, Err: err}
		}
		return nil, clio.Host{}, "", err
	}
	own, err := c.Host()
	if err != nil {
		return nil, clio.Host{}, "", err
	}
	if hasBaseURL {
		if err := CheckHost(name, own, baseURL, "--base-url / CLIODEST_BASE_URL"); err != nil {
			return nil, clio.Host{}, "", err
		}
	}
	ts, host, err = store.TokenSource(ctx, name)
	if err != nil {
		return nil, clio.Host{}, "", err
	}
	label = fmt.Sprintf("%s (%s", c.Name, hostWords(host))
	if c.User.Name != "" {
		label += ", " + c.User.Name
	}
	return ts, host, label + ")", nil
}

// CheckHost enforces host binding: a credential's token goes only to its own
// host. source names where target came from (a flag, a destination file).
func CheckHost(name string, own, target clio.Host, source string) error {
	if target.Root == nil || own.Same(target.Root) {
		return nil
	}
	return &HostMismatchError{Name: name, Own: own.String(), Target: target.String(), Source: source}
}

func hostWords(h clio.Host) string {
	if r := h.Region(); r != "" {
		return r
	}
	return h.String()
}
