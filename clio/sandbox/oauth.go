package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// serveOAuth answers Clio's OAuth endpoints: authorize, token and deauthorize.
func (s *Server) serveOAuth(r *http.Request, body []byte) *reply {
	switch r.URL.Path {
	case "/oauth/authorize":
		if r.Method != http.MethodGet {
			return methodNotAllowed(http.MethodGet)
		}
		return s.authorize(r.URL.Query())
	case "/oauth/token":
		if r.Method != http.MethodPost {
			return methodNotAllowed(http.MethodPost)
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return oauthError(http.StatusBadRequest, "invalid_request", "the body is not a form: "+err.Error())
		}
		if id, secret, ok := r.BasicAuth(); ok {
			form.Set("client_id", id)
			form.Set("client_secret", secret)
		}
		return s.token(form)
	case "/oauth/deauthorize":
		if r.Method != http.MethodPost {
			return methodNotAllowed(http.MethodPost)
		}
		return s.deauthorize(bearer(r))
	}
	return apiError(http.StatusNotFound, "NotFound", "no such OAuth endpoint: "+r.URL.Path)
}

func methodNotAllowed(allow string) *reply {
	rep := apiError(http.StatusMethodNotAllowed, "MethodNotAllowed", "use "+allow)
	rep.setHeader("Allow", allow)
	return rep
}

// authorize approves at once (there is no one to ask) and redirects with a code,
// or with error=access_denied when consent is configured to be refused.
func (s *Server) authorize(q url.Values) *reply {
	clientID, redirect := q.Get("client_id"), q.Get("redirect_uri")
	if clientID == "" {
		return oauthError(http.StatusBadRequest, "invalid_request", "client_id is missing")
	}
	if redirect == "" {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri is missing")
	}
	target, err := url.Parse(redirect)
	if err != nil || !target.IsAbs() || target.Host == "" {
		return oauthError(http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute URL")
	}
	if !s.registeredRedirect(target) {
		// Clio shows an error page and never redirects to an unregistered URI.
		return oauthError(http.StatusBadRequest, "invalid_request", "The redirect uri included is not valid: register "+target.Scheme+"://"+target.Host+target.Path+" in the app")
	}
	back := func(params url.Values) *reply {
		if st := q.Get("state"); st != "" {
			params.Set("state", st)
		}
		u := *target
		tq := u.Query()
		for k, v := range params {
			tq[k] = v
		}
		u.RawQuery = tq.Encode()
		rep := &reply{status: http.StatusFound}
		rep.setHeader("Location", u.String())
		return rep
	}
	if q.Get("response_type") != "code" {
		return back(url.Values{"error": {"unsupported_response_type"}, "error_description": {"response_type must be code"}})
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" && method != "S256" {
		return back(url.Values{"error": {"invalid_request"}, "error_description": {"code_challenge_method must be S256"}})
	}
	if s.cfg.DenyConsent || clientID == "deny" || q.Get("deny") == "1" {
		return back(url.Values{"error": {"access_denied"}, "error_description": {"The user denied access"}})
	}
	code := randomToken()
	s.mu.Lock()
	s.codes[code] = &authCode{clientID: clientID, redirectURI: redirect, challenge: challenge,
		userID: UserJane, expires: s.cfg.Now().Add(codeLifetime)}
	s.mu.Unlock()
	return back(url.Values{"code": {code}})
}

// token exchanges a code or a refresh token for an access token.
func (s *Server) token(f url.Values) *reply {
	if f.Get("client_id") == "" {
		return oauthError(http.StatusUnauthorized, "invalid_client", "client_id is missing")
	}
	if f.Get("client_secret") == "" {
		return oauthError(http.StatusUnauthorized, "invalid_client", "client_secret is missing")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *grant
	switch gt := f.Get("grant_type"); gt {
	case "authorization_code":
		code := f.Get("code")
		c, ok := s.codes[code]
		delete(s.codes, code) // single use, even when the exchange fails
		switch {
		case !ok || !s.cfg.Now().Before(c.expires):
			return oauthError(http.StatusBadRequest, "invalid_grant", "The authorization code is invalid, expired or already used")
		case c.clientID != f.Get("client_id"):
			return oauthError(http.StatusBadRequest, "invalid_grant", "The authorization code was issued to another client")
		case c.redirectURI != f.Get("redirect_uri"):
			return oauthError(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the one used to authorize")
		case c.challenge != "" && !pkceMatches(c.challenge, f.Get("code_verifier")):
			return oauthError(http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
		}
		g = &grant{userID: c.userID, refresh: randomToken()}
		s.refresh[g.refresh] = g
	case "refresh_token":
		var ok bool
		g, ok = s.refresh[f.Get("refresh_token")]
		if !ok || g.revoked {
			return oauthError(http.StatusBadRequest, "invalid_grant", "The refresh token is invalid or revoked")
		}
	case "":
		return oauthError(http.StatusBadRequest, "invalid_request", "grant_type is missing")
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type "+gt+" is not supported")
	}
	answer := map[string]any{
		"access_token": s.newAccessLocked(g),
		"token_type":   "bearer",
		"expires_in":   int64(s.cfg.TokenLifetime.Seconds()),
	}
	if f.Get("grant_type") == "authorization_code" {
		// Clio's refresh answers carry no new refresh token: the client keeps its own.
		answer["refresh_token"] = g.refresh
	}
	body, _ := json.Marshal(answer)
	rep := jsonReply(http.StatusOK, body)
	rep.setHeader("Cache-Control", "no-store")
	return rep
}

// pkceMatches checks an S256 challenge (RFC 7636) in constant time.
func pkceMatches(challenge, verifier string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(strings.TrimRight(challenge, "="))) == 1
}

// deauthorize revokes the grant behind the bearer token: its access tokens and its refresh token.
func (s *Server) deauthorize(tok string) *reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, fail := s.authenticateLocked(tok)
	if fail != nil {
		return fail
	}
	at.grant.revoked = true
	return jsonReply(http.StatusOK, []byte("{}"))
}

// registeredRedirect reports whether u is one of the registered redirect URIs,
// compared on scheme, host, port and path (extra query parameters are
// tolerated, as Clio does). A registered path alone ("/oauth/approval")
// matches on any host.
func (s *Server) registeredRedirect(u *url.URL) bool {
	if s.cfg.RedirectURIs == nil {
		return true
	}
	for _, r := range s.cfg.RedirectURIs {
		ru, err := url.Parse(r)
		if err != nil {
			continue
		}
		if ru.Path != u.Path {
			continue
		}
		if ru.Host == "" || (ru.Scheme == u.Scheme && ru.Host == u.Host) {
			return true
		}
	}
	return false
}
