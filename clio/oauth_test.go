package clio

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// fakeAuthServer is a minimal OAuth authorization server that checks what
// LoopbackLogin must send: PKCE S256, state, client credentials in the form.
type fakeAuthServer struct {
	t        *testing.T
	mode     string // ok, deny, error, badstate, nocode
	mu       sync.Mutex
	redirect string
	chal     string
	tokenErr string
}

func (f *fakeAuthServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/oauth/authorize":
		q := r.URL.Query()
		if q.Get("response_type") != "code" || q.Get("client_id") != "app-id" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
			http.Error(w, "bad authorize request: "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.redirect, f.chal = q.Get("redirect_uri"), q.Get("code_challenge")
		f.mu.Unlock()
		back := url.Values{"state": {q.Get("state")}}
		switch f.mode {
		case "ok":
			back.Set("code", "the-code")
		case "deny":
			back.Set("error", "access_denied")
		case "error":
			back.Set("error", "invalid_scope")
			back.Set("error_description", "the app asked for too much")
		case "badstate":
			back.Set("code", "the-code")
			back.Set("state", "forged")
		}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
	case "/oauth/token":
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if f.tokenErr != "" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": f.tokenErr, "error_description": "code expired"})
			return
		}
		if _, _, ok := r.BasicAuth(); ok {
			f.t.Errorf("client credentials sent with Basic auth; Clio wants them in the form")
		}
		want := map[string]string{
			"grant_type": "authorization_code", "code": "the-code", "client_id": "app-id",
			"client_secret": "app-secret", "redirect_uri": f.redirect,
		}
		for k, v := range want {
			if got := r.PostForm.Get(k); got != v {
				f.t.Errorf("token request %s = %q, want %q", k, got, v)
			}
		}
		if got := oauth2.S256ChallengeFromVerifier(r.PostForm.Get("code_verifier")); got != f.chal {
			f.t.Errorf("PKCE verifier does not match the challenge")
		}
		json.NewEncoder(w).Encode(map[string]any{"access_token": "acc-1", "refresh_token": "ref-1", "token_type": "bearer", "expires_in": 3600})
	default:
		http.NotFound(w, r)
	}
}

func testHost(t *testing.T, srv *httptest.Server) Host {
	t.Helper()
	h, err := ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// browser follows the authorization URL like a browser would, redirects
// included, and records the final page.
type browser struct {
	mu     sync.Mutex
	status int
	page   string
}

func (b *browser) open(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.mu.Lock()
	b.status, b.page = resp.StatusCode, string(body)
	b.mu.Unlock()
	return nil
}

func TestLoopbackLogin(t *testing.T) {
	tests := []struct {
		mode       string
		wantErr    string
		wantStatus int
		check      func(t *testing.T, err error)
	}{
		{mode: "ok", wantStatus: http.StatusOK},
		{mode: "deny", wantErr: "Clio access was denied in the browser", wantStatus: http.StatusBadRequest, check: func(t *testing.T, err error) {
			var oe *OAuthError
			if !errors.As(err, &oe) || oe.Code != "access_denied" {
				t.Errorf("want *OAuthError access_denied, got %#v", err)
			}
		}},
		{mode: "error", wantErr: "Clio refused the login: the app asked for too much (invalid_scope)", wantStatus: http.StatusBadRequest},
		{mode: "badstate", wantErr: "state mismatch", wantStatus: http.StatusBadRequest, check: func(t *testing.T, err error) {
			if !errors.Is(err, ErrStateMismatch) {
				t.Errorf("want ErrStateMismatch, got %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			fake := &fakeAuthServer{t: t, mode: tt.mode}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			b := &browser{}
			tok, err := LoopbackLogin(context.Background(), LoopbackOptions{
				Host: testHost(t, srv), ClientID: "app-id", ClientSecret: "app-secret", OpenURL: b.open,
			})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("LoopbackLogin: %v", err)
				}
				if tok.AccessToken != "acc-1" || tok.RefreshToken != "ref-1" || tok.Expiry.IsZero() {
					t.Errorf("token = %+v", tok)
				}
				if !strings.HasPrefix(fake.redirect, "http://127.0.0.1:") || !strings.HasSuffix(fake.redirect, "/callback") {
					t.Errorf("redirect_uri = %q, want loopback /callback", fake.redirect)
				}
				if !strings.Contains(b.page, "back to the terminal") {
					t.Errorf("callback page = %q", b.page)
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				if tt.check != nil {
					tt.check(t, err)
				}
			}
			if b.status != tt.wantStatus {
				t.Errorf("callback status = %d, want %d", b.status, tt.wantStatus)
			}
			assertClosed(t, fake.redirect)
		})
	}
}

// assertClosed checks that the loopback listener is gone after the login.
func assertClosed(t *testing.T, callback string) {
	t.Helper()
	if callback == "" {
		t.Fatal("no callback URL was used")
	}
	resp, err := http.Get(callback)
	if err == nil {
		resp.Body.Close()
		t.Errorf("callback %s still answers after the login ended", callback)
	}
}

func TestLoopbackLoginEndsCleanly(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, opts LoopbackOptions) (string, error)
		want func(err error) bool
	}{
		{"timeout", func(t *testing.T, o LoopbackOptions) (string, error) {
			var seen string
			o.Timeout = 20 * time.Millisecond
			o.OpenURL = func(u string) error { seen = u; return nil }
			_, err := LoopbackLogin(context.Background(), o)
			return seen, err
		}, func(err error) bool { var te *LoginTimeoutError; return errors.As(err, &te) }},
		{"cancel", func(t *testing.T, o LoopbackOptions) (string, error) {
			ctx, cancel := context.WithCancel(context.Background())
			var seen string
			o.OpenURL = func(u string) error { seen = u; cancel(); return nil }
			_, err := LoopbackLogin(ctx, o)
			return seen, err
		}, func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"open fails", func(t *testing.T, o LoopbackOptions) (string, error) {
			var seen string
			o.OpenURL = func(u string) error { seen = u; return errors.New("no browser") }
			_, err := LoopbackLogin(context.Background(), o)
			return seen, err
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "no browser") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := ParseBaseURL("https://app.clio.com")
			authURL, err := tt.run(t, LoopbackOptions{Host: h, ClientID: "id", ClientSecret: "s"})
			if !tt.want(err) {
				t.Fatalf("unexpected error %v", err)
			}
			u, perr := url.Parse(authURL)
			if perr != nil {
				t.Fatal(perr)
			}
			if !strings.HasPrefix(authURL, "https://app.clio.com/oauth/authorize?") || u.Query().Get("state") == "" {
				t.Errorf("auth URL = %q", authURL)
			}
			assertClosed(t, u.Query().Get("redirect_uri"))
		})
	}
}

func TestCallbackAnswersOnce(t *testing.T) {
	results := make(chan callbackResult, 1)
	h := callbackHandler("st", results)
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest("GET", "/callback?state=st&code=c1", nil))
	second := httptest.NewRecorder()
	h.ServeHTTP(second, httptest.NewRequest("GET", "/callback?state=st&code=c2", nil))
	if first.Code != http.StatusOK || second.Code != http.StatusGone {
		t.Errorf("statuses = %d, %d; want 200, 410", first.Code, second.Code)
	}
	if r := <-results; r.code != "c1" || r.err != nil {
		t.Errorf("result = %+v, want c1", r)
	}
	other := httptest.NewRecorder()
	h.ServeHTTP(other, httptest.NewRequest("GET", "/favicon.ico", nil))
	if other.Code != http.StatusNotFound {
		t.Errorf("other path status = %d", other.Code)
	}
	noCode := httptest.NewRecorder()
	callbackHandler("st", make(chan callbackResult, 1)).ServeHTTP(noCode, httptest.NewRequest("GET", "/callback?state=st", nil))
	if noCode.Code != http.StatusBadRequest {
		t.Errorf("callback without code: status %d", noCode.Code)
	}
}

func TestExchangeCodeErrors(t *testing.T) {
	fake := &fakeAuthServer{t: t, tokenErr: "invalid_grant"}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cfg := OAuthConfig(testHost(t, srv), "app-id", "app-secret", ApprovalRedirectURL(testHost(t, srv)))
	if cfg.Endpoint.AuthStyle != oauth2.AuthStyleInParams || cfg.Endpoint.TokenURL != srv.URL+"/oauth/token" || cfg.RedirectURL != srv.URL+"/oauth/approval" {
		t.Errorf("config = %+v", cfg)
	}
	if _, err := ExchangeCode(context.Background(), cfg, "  ", ""); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty code: %v", err)
	}
	_, err := ExchangeCode(context.Background(), cfg, "old", "")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Type != "invalid_grant" || ae.Status != http.StatusBadRequest {
		t.Fatalf("want *APIError invalid_grant, got %v", err)
	}
}

func TestDeauthorize(t *testing.T) {
	tests := []struct {
		status  int
		wantErr bool
	}{{http.StatusOK, false}, {http.StatusNoContent, false}, {http.StatusUnauthorized, true}}
	for _, tt := range tests {
		var auth string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/oauth/deauthorize" {
				http.NotFound(w, r)
				return
			}
			auth = r.Header.Get("Authorization")
			if tt.status == http.StatusUnauthorized {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				io.WriteString(w, `{"error":"invalid_token","error_description":"revoked"}`)
				return
			}
			w.WriteHeader(tt.status)
		}))
		err := Deauthorize(context.Background(), testHost(t, srv), "tok-9")
		srv.Close()
		if auth != "Bearer tok-9" {
			t.Errorf("Authorization = %q", auth)
		}
		var ae *APIError
		if tt.wantErr != (err != nil) || (tt.wantErr && (!errors.As(err, &ae) || ae.Type != "invalid_token")) {
			t.Errorf("status %d: err = %v", tt.status, err)
		}
	}
}
