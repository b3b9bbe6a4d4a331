package cmd

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The sandbox command's switches for Clio's real failures reach the server:
// a collection without scope answers 403, a billed activity refuses its
// update, and an unregistered redirect URI is refused.
func TestSandboxFailureSwitches(t *testing.T) {
	tio := newTestFactory(t, nil)
	base, token, stop := startSandbox(t, tio, "--addr", "127.0.0.1:0", "--rate-limit", "-1", "--forbid", "tasks", "--billed", "9001")
	defer stop()
	call := func(method, path, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := call("GET", "/api/v4/tasks.json", ""); got != 403 {
		t.Errorf("--forbid tasks: GET tasks answered %d, want 403", got)
	}
	if got := call("PATCH", "/api/v4/activities/9001.json", `{"data":{"note":"x"}}`); got != 422 {
		t.Errorf("--billed 9001: PATCH answered %d, want 422", got)
	}
	if got := call("PATCH", "/api/v4/activities/9002.json", `{"data":{"note":"x"}}`); got != 200 {
		t.Errorf("an unbilled activity: PATCH answered %d, want 200", got)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for redirect, want := range map[string]int{"http://127.0.0.1:47812/callback": 302, "http://127.0.0.1:9/callback": 400} {
		q := url.Values{"client_id": {"app"}, "response_type": {"code"}, "redirect_uri": {redirect}}
		resp, err := noFollow.Get(base + "/oauth/authorize?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("redirect %s: %d, want %d", redirect, resp.StatusCode, want)
		}
	}
}
