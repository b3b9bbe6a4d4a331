package cmd

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
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

// The sandbox's help names the collections it creates, and it does create
// each of them (the help once said it served activities and tasks only).
func TestSandboxHelpNamesWhatItCreates(t *testing.T) {
	tio := newTestFactory(t, nil)
	long := newSandboxCmd(tio.f).Long
	base, token, stop := startSandbox(t, tio, "--addr", "127.0.0.1:0", "--rate-limit", "-1")
	defer stop()
	bodies := map[string]string{
		"activities":       `{"data":{"type":"TimeEntry","date":"2026-03-05","quantity":3600,"matter":{"id":` + strconv.FormatInt(sandbox.MatterSmithContract, 10) + `}}}`,
		"tasks":            `{"data":{"name":"Call","description":"Call the client","assignee":{"id":` + strconv.FormatInt(sandbox.UserJane, 10) + `,"type":"User"}}}`,
		"contacts":         `{"data":{"type":"Company","name":"Harbour Ltd"}}`,
		"matters":          `{"data":{"description":"Lease","client":{"id":` + strconv.FormatInt(sandbox.ContactAcme, 10) + `}}}`,
		"custom fields":    `{"data":{"name":"Referred by","parent_type":"Contact","field_type":"text_line"}}`,
		"calendar entries": `{"data":{"summary":"Hearing","start_at":"2026-03-05T10:00:00Z","end_at":"2026-03-05T11:00:00Z","calendar_owner":{"id":1001}}}`,
	}
	for name, body := range bodies {
		if !strings.Contains(strings.Join(strings.Fields(long), " "), name) {
			t.Errorf("the sandbox's help does not name %s", name)
		}
		req, err := http.NewRequest("POST", base+"/api/v4/"+strings.ReplaceAll(name, " ", "_")+".json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("POST %s: %d %s, want 201", name, resp.StatusCode, answer)
		}
	}
}
