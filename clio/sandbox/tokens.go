package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// grant is one authorisation: a user and the refresh token that renews it.
// Revoking it (deauthorize) kills every access token issued under it.
type grant struct {
	userID  int64
	refresh string
	revoked bool
}

type accessToken struct {
	grant   *grant
	expires time.Time
}

// authCode is a pending authorization code, single-use and bound to the
// client, the redirect URI and (with PKCE) the challenge.
type authCode struct {
	clientID, redirectURI, challenge string
	userID                           int64
	expires                          time.Time
}

func randomToken() string {
	for {
		var b [24]byte
		rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
		// A token that starts with '-' would read as a flag on a command line
		// (and be echoed in the flag error); '_' keeps it company.
		if t := base64.RawURLEncoding.EncodeToString(b[:]); t[0] != '-' && t[0] != '_' {
			return t
		}
	}
}

// IssueToken grants a token for the seeded user Jane Doe, as if the OAuth dance had run.
func (s *Server) IssueToken() (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &grant{userID: UserJane, refresh: randomToken()}
	s.refresh[g.refresh] = g
	return s.newAccessLocked(g), g.refresh
}

func (s *Server) newAccessLocked(g *grant) string {
	tok := randomToken()
	s.tokens[tok] = &accessToken{grant: g, expires: s.cfg.Now().Add(s.cfg.TokenLifetime)}
	return tok
}

// bearer extracts the token from an Authorization header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate resolves the bearer token; on failure it returns Clio's OAuth-shaped 401.
func (s *Server) authenticateLocked(tok string) (*accessToken, *reply) {
	if tok == "" {
		return nil, unauthorized("The access token is missing")
	}
	at, ok := s.tokens[tok]
	switch {
	case !ok:
		return nil, unauthorized("The access token is invalid")
	case at.grant.revoked:
		return nil, unauthorized("The access token was revoked")
	case !s.cfg.Now().Before(at.expires):
		return nil, unauthorized("The access token expired")
	}
	return at, nil
}

func unauthorized(desc string) *reply {
	r := oauthError(http.StatusUnauthorized, "invalid_token", desc)
	r.setHeader("WWW-Authenticate", `Bearer error="invalid_token"`)
	return r
}
