package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const testRedirect = "http://127.0.0.1:53682/callback"

// authorize runs GET /oauth/authorize and returns the redirect's query.
func (e *env) authorize(q url.Values) (int, url.Values) {
	e.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(e.srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		e.t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return resp.StatusCode, nil
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		e.t.Fatalf("Location: %v", err)
	}
	if !strings.HasPrefix(loc.String(), testRedirect) {
		e.t.Fatalf("redirected to %s, want %s", loc, testRedirect)
	}
	return resp.StatusCode, loc.Query()
}

type tokenAnswer struct {
	status      int
	Access      string `json:"access_token"`
	Refresh     string `json:"refresh_token"`
	Type        string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func (e *env) tokenCall(form url.Values) tokenAnswer {
	e.t.Helper()
	resp, err := http.PostForm(e.srv.URL+"/oauth/token", form)
	if err != nil {
		e.t.Fatalf("token: %v", err)
	}
	defer resp.Body.Close()
	var a tokenAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		e.t.Fatalf("token answer: %v", err)
	}
	a.status = resp.StatusCode
	return a
}

func authQuery(challenge string) url.Values {
	q := url.Values{"response_type": {"code"}, "client_id": {"app"}, "redirect_uri": {testRedirect}, "state": {"xyz"}}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	return q
}

func s256(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func exchangeForm(code, verifier string) url.Values {
	f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {"app"},
		"client_secret": {"s3cret"}, "redirect_uri": {testRedirect}}
	if verifier != "" {
		f.Set("code_verifier", verifier)
	}
	return f
}

func TestOAuthCodeExchange(t *testing.T) {
	const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	tests := []struct {
		name      string
		challenge string
		edit      func(url.Values)
		wantErr   string
	}{
		{name: "plain code grant"},
		{name: "PKCE with the right verifier", challenge: s256(verifier), edit: func(f url.Values) { f.Set("code_verifier", verifier) }},
		{name: "PKCE with a wrong verifier", challenge: s256(verifier), edit: func(f url.Values) { f.Set("code_verifier", "wrong") }, wantErr: "invalid_grant"},
		{name: "PKCE without a verifier", challenge: s256(verifier), wantErr: "invalid_grant"},
		{name: "redirect_uri differs", edit: func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:1/other") }, wantErr: "invalid_grant"},
		{name: "another client", edit: func(f url.Values) { f.Set("client_id", "other") }, wantErr: "invalid_grant"},
		{name: "empty client secret", edit: func(f url.Values) { f.Del("client_secret") }, wantErr: "invalid_client"},
		{name: "unknown code", edit: func(f url.Values) { f.Set("code", "nope") }, wantErr: "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			status, q := e.authorize(authQuery(tt.challenge))
			if status != http.StatusFound || q.Get("code") == "" || q.Get("state") != "xyz" {
				t.Fatalf("authorize: status %d query %v, want 302 with code and state", status, q)
			}
			form := exchangeForm(q.Get("code"), "")
			if tt.edit != nil {
				tt.edit(form)
			}
			a := e.tokenCall(form)
			if tt.wantErr != "" {
				if a.Error != tt.wantErr || a.Description == "" || a.status < 400 {
					t.Fatalf("got %d %q (%s), want error %q", a.status, a.Error, a.Description, tt.wantErr)
				}
				return
			}
			if a.status != 200 || a.Access == "" || a.Refresh == "" || a.Type != "bearer" || a.ExpiresIn != int64(defaultTokenLifetime.Seconds()) {
				t.Fatalf("token answer %+v", a)
			}
			e.token = a.Access
			if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != 200 {
				t.Fatalf("who_am_i with the new token: %d %s", r.status, r.body)
			}
			// A code is single-use.
			if again := e.tokenCall(form); again.Error != "invalid_grant" {
				t.Fatalf("second exchange of the same code: %+v, want invalid_grant", again)
			}
		})
	}
}

func TestOAuthAuthorizeErrors(t *testing.T) {
	tests := []struct {
		name       string
		cfg        Config
		edit       func(url.Values)
		wantStatus int
		wantError  string // in the redirect
	}{
		{name: "consent denied by config", cfg: Config{DenyConsent: true}, wantStatus: 302, wantError: "access_denied"},
		{name: "client deny", edit: func(q url.Values) { q.Set("client_id", "deny") }, wantStatus: 302, wantError: "access_denied"},
		{name: "deny=1", edit: func(q url.Values) { q.Set("deny", "1") }, wantStatus: 302, wantError: "access_denied"},
		{name: "wrong response_type", edit: func(q url.Values) { q.Set("response_type", "token") }, wantStatus: 302, wantError: "unsupported_response_type"},
		{name: "plain PKCE method", edit: func(q url.Values) { q.Set("code_challenge", "abc"); q.Set("code_challenge_method", "plain") }, wantStatus: 302, wantError: "invalid_request"},
		{name: "no client_id", edit: func(q url.Values) { q.Del("client_id") }, wantStatus: 400},
		{name: "no redirect_uri", edit: func(q url.Values) { q.Del("redirect_uri") }, wantStatus: 400},
		{name: "relative redirect_uri", edit: func(q url.Values) { q.Set("redirect_uri", "/cb") }, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			q := authQuery("")
			if tt.edit != nil {
				tt.edit(q)
			}
			status, back := e.authorize(q)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d", status, tt.wantStatus)
			}
			if tt.wantError != "" && (back.Get("error") != tt.wantError || back.Get("code") != "" || back.Get("state") != "xyz") {
				t.Fatalf("redirect query %v, want error=%s with state and no code", back, tt.wantError)
			}
		})
	}
}

func TestOAuthRefreshExpiryDeauthorize(t *testing.T) {
	clock := newFakeClock()
	e := newEnv(t, Config{Now: clock.Now, TokenLifetime: time.Hour, RateLimit: -1})
	access, refresh := e.s.IssueToken()
	e.token = access

	clock.Advance(time.Hour)
	r := e.call("GET", "/api/v4/users/who_am_i.json", "")
	if r.status != 401 || !strings.Contains(r.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Fatalf("expired token: %d %s", r.status, r.body)
	}
	if m := r.json(t); m["error"] != "invalid_token" || !strings.Contains(m["error_description"].(string), "expired") {
		t.Fatalf("expired token body %s, want invalid_token ... expired", r.body)
	}

	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {"app"}, "client_secret": {"s"}}
	a := e.tokenCall(form)
	if a.status != 200 || a.Access == "" || a.Access == access || a.Refresh != "" {
		t.Fatalf("refresh: %+v; want a new access token and, as Clio answers, no refresh token", a)
	}
	e.token = a.Access
	if r := e.call("GET", "/api/v4/users/who_am_i.json", ""); r.status != 200 {
		t.Fatalf("refreshed token: %d %s", r.status, r.body)
	}
	// The refresh token stays valid for another round.
	if b := e.tokenCall(form); b.status != 200 {
		t.Fatalf("second refresh: %+v", b)
	}

	req, _ := http.NewRequest("POST", e.srv.URL+"/oauth/deauthorize", nil)
	req.Header.Set("Authorization", "Bearer "+a.Access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("deauthorize: %v %v", resp, err)
	}
	resp.Body.Close()
	r = e.call("GET", "/api/v4/users/who_am_i.json", "")
	if m := r.json(t); r.status != 401 || m["error"] != "invalid_token" || !strings.Contains(m["error_description"].(string), "revoked") {
		t.Fatalf("revoked token: %d %s", r.status, r.body)
	}
	if b := e.tokenCall(form); b.Error != "invalid_grant" {
		t.Fatalf("refresh after deauthorize: %+v, want invalid_grant", b)
	}
}

func TestTokenErrors(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"no grant_type", url.Values{"client_id": {"a"}, "client_secret": {"b"}}, "invalid_request"},
		{"password grant", url.Values{"grant_type": {"password"}, "client_id": {"a"}, "client_secret": {"b"}}, "unsupported_grant_type"},
		{"unknown refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {"a"}, "client_secret": {"b"}}, "invalid_grant"},
		{"no client_id", url.Values{"grant_type": {"refresh_token"}, "client_secret": {"b"}}, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := e.tokenCall(tt.form); a.Error != tt.want || a.Description == "" {
				t.Fatalf("got %+v, want %s", a, tt.want)
			}
		})
	}
}
