package cmd

import (
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// freePort is a loopback port free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// A login succeeds against a sandbox that, like Clio, accepts only the
// registered redirect URI; the consent URL asks Clio to come back at once
// on a refusal.
func TestLoginRegisteredRedirectOnly(t *testing.T) {
	port := freePort(t)
	e := newCredEnv(t, sandbox.Config{RedirectURIs: []string{clio.LoopbackRedirectURL(port)}})
	b := &browserFollower{}
	e.useBrowser(b)
	code, _, errOut := e.run(t, "app-secret\n", map[string]string{"DISPLAY": ":0", "CLIODEST_REDIRECT_PORT": strconv.Itoa(port)},
		"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	u, err := url.Parse(b.opened[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Query().Get("redirect_uri"); got != clio.LoopbackRedirectURL(port) {
		t.Errorf("redirect_uri = %q, want %q", got, clio.LoopbackRedirectURL(port))
	}
	if u.Query().Get("redirect_on_decline") != "true" {
		t.Errorf("the consent URL lacks redirect_on_decline=true: %s", u)
	}
}

// The documented redirect is the default; a port another program holds is a
// clear error naming the port and the flag.
func TestLoginRedirectPort(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	c := newRootCmd(newTestFactory(t, nil).f)
	login, _, err := c.Find([]string{"login"})
	if err != nil {
		t.Fatal(err)
	}
	if d := login.Flags().Lookup("redirect-port").DefValue; d != "47812" {
		t.Errorf("--redirect-port defaults to %s, want the documented 47812", d)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	e.useBrowser(&browserFollower{})
	code, _, errOut := e.run(t, "app-secret\n", map[string]string{"DISPLAY": ":0"},
		"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin", "--redirect-port", port)
	if code != 1 || !strings.Contains(errOut, "port "+port) || !strings.Contains(errOut, "is in use by another program") || !strings.Contains(errOut, "--redirect-port N") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = e.run(t, "", map[string]string{"CLIODEST_REDIRECT_PORT": "http"}, "--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin")
	if code != 2 || !strings.Contains(errOut, `CLIODEST_REDIRECT_PORT="http" is not a port number`) {
		t.Errorf("bad env: exit %d: %s", code, errOut)
	}
}
