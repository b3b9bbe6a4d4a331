package sandbox

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/cliodest/cliodest/clio"
)

// Registered redirect URIs are an exact allow-list, as at Clio: scheme, host,
// port and path must match; extra query parameters are tolerated.
func TestRedirectAllowList(t *testing.T) {
	e := newEnv(t, Config{RedirectURIs: []string{testRedirect, "/oauth/approval"}})
	q := func(redirect string) url.Values {
		return url.Values{"client_id": {"app"}, "response_type": {"code"}, "redirect_uri": {redirect}, "state": {"s"}}
	}
	for _, tt := range []struct {
		redirect string
		want     int
	}{
		{testRedirect, 302},
		{testRedirect + "?from=cliodest", 302},
		{"http://127.0.0.1:53683/callback", 400},
		{"http://localhost:53682/callback", 400},
		{"http://127.0.0.1:53682/callback/", 400},
		{"https://127.0.0.1:53682/callback", 400},
	} {
		if code, _ := e.authorize(q(tt.redirect)); code != tt.want {
			t.Errorf("redirect %s: status %d, want %d", tt.redirect, code, tt.want)
		}
	}
	// A bare registered path matches on any host (the approval page of --paste-code).
	client := e.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Get(e.srv.URL + "/oauth/authorize?" + q(e.srv.URL+"/oauth/approval").Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 302 {
		t.Errorf("approval page redirect: status %d, want 302", resp.StatusCode)
	}
}

// "cliodest sandbox" registers what the README tells a firm to register.
func TestDefaultRedirectURIs(t *testing.T) {
	got := DefaultRedirectURIs()
	if len(got) != 2 || got[0] != "http://127.0.0.1:47812/callback" || got[1] != "/oauth/approval" {
		t.Errorf("DefaultRedirectURIs = %v", got)
	}
	if clio.LoopbackRedirectURL(clio.DefaultRedirectPort) != got[0] {
		t.Error("the sandbox's default is not clio's documented redirect")
	}
}
