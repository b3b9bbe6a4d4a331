package cmd

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/cred"
)

// credEnv is a config dir, an in-memory keyring and a sandbox for one test.
// go-keyring's mock is global: these tests are not parallel.
type credEnv struct {
	dir     string
	sb      *sandbox.Server
	url     string
	browser func(url string) error // the Factory's OpenBrowser; nil: the default
}

func newCredEnv(t *testing.T, cfg sandbox.Config) *credEnv {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/mock-keyring-bus") // the mock needs no bus; the system keyring demands one
	keyring.MockInit()
	t.Cleanup(keyring.MockInit)
	cfg.RateLimit = -1
	sb := sandbox.New(cfg)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &credEnv{dir: filepath.Join(t.TempDir(), "config"), sb: sb, url: srv.URL}
}

// run runs cliodest with stdin and extra environment; it returns the exit
// code and both outputs.
func (e *credEnv) run(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	// Any free port for the browser's callback: these sandboxes accept any redirect.
	all := map[string]string{"CLIODEST_CONFIG_DIR": e.dir, "CLIODEST_REDIRECT_PORT": "0"}
	for k, v := range env {
		all[k] = v
	}
	tio := newTestFactory(t, all)
	tio.f.In = strings.NewReader(stdin)
	if e.browser != nil {
		tio.f.OpenBrowser = e.browser
	}
	code := run(tio.f, args)
	return code, tio.out.String(), tio.errOut.String()
}

func TestLoginWithPastedTokenThenManage(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	access, _ := e.sb.IssueToken()

	code, out, errOut := e.run(t, access+"\n", nil, "--base-url", e.url, "login", "--name", "sb", "--token-stdin")
	if code != 0 {
		t.Fatalf("login exit %d: %s", code, errOut)
	}
	want := `Logged in to Clio (` + e.url + `) as Jane Doe <`
	if !strings.HasPrefix(out, want) || !strings.HasSuffix(out, "> — saved as \"sb\"\n") {
		t.Errorf("stdout = %q, want prefix %q", out, want)
	}
	if strings.Contains(out+errOut, access) {
		t.Error("the token was printed")
	}

	code, out, _ = e.run(t, "", nil, "credentials", "list")
	if code != 0 || !regexp.MustCompile(`(?m)^NAME\s+HOST\s+USER\s+KIND\s+LAST CHECKED$`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^sb\s+`+regexp.QuoteMeta(e.url)+`\s+Jane Doe <\S+>\s+token\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$`).MatchString(out) {
		t.Errorf("list exit %d:\n%s", code, out)
	}

	code, out, _ = e.run(t, "", nil, "credentials", "list", "--json")
	var listed []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != 1 || listed[0]["name"] != "sb" || listed[0]["host"] != e.url || listed[0]["kind"] != "token" {
		t.Errorf("list --json exit %d: %s", code, out)
	}
	if strings.Contains(out, access) {
		t.Error("list --json shows the token")
	}

	code, out, errOut = e.run(t, "", nil, "credentials", "check", "sb")
	if code != 0 || !strings.Contains(out, `Credential "sb" works`) || !strings.Contains(out, "Jane Doe") {
		t.Errorf("check exit %d: %s %s", code, out, errOut)
	}

	code, _, errOut = e.run(t, "", nil, "--base-url", "http://127.0.0.1:1", "credentials", "check", "sb")
	if code != 2 || !strings.Contains(errOut, "belongs to "+e.url) || !strings.Contains(errOut, "http://127.0.0.1:1") {
		t.Errorf("check against another host: exit %d: %s", code, errOut)
	}

	code, out, errOut = e.run(t, "", nil, "credentials", "remove", "sb")
	if code != 0 || !strings.Contains(out, "revoked at Clio") {
		t.Errorf("remove exit %d: %s %s", code, out, errOut)
	}
	code, _, errOut = e.run(t, "", nil, "credentials", "remove", "sb")
	if code != exitFailed || !strings.Contains(errOut, `no credential named "sb"`) || strings.Contains(errOut, "--help") {
		t.Errorf("second remove exit %d: %s", code, errOut)
	}
	code, _, errOut = e.run(t, "", nil, "credentials", "list")
	if code != 0 || !strings.Contains(errOut, "No credentials saved") {
		t.Errorf("empty list exit %d: %s", code, errOut)
	}
	assertNoSecretUnder(t, e.dir, access)
}

func assertNoSecretUnder(t *testing.T, dir string, secrets ...string) {
	t.Helper()
	_ = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(path)
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("a secret is written in %s", path)
			}
		}
		return nil
	})
}

// browserFollower loads authorization URLs like a browser, following the
// sandbox's redirect to the loopback callback.
type browserFollower struct {
	mu     sync.Mutex
	opened []string
}

func (b *browserFollower) open(u string) error {
	b.mu.Lock()
	b.opened = append(b.opened, u)
	b.mu.Unlock()
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// useBrowser makes b the browser of the commands e runs.
func (e *credEnv) useBrowser(b *browserFollower) {
	e.browser = b.open
}

func TestLoginOAuthOpensBrowser(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	b := &browserFollower{}
	e.useBrowser(b)
	code, out, errOut := e.run(t, "app-secret\n", map[string]string{"DISPLAY": ":0"},
		"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if len(b.opened) != 1 || !strings.HasPrefix(b.opened[0], e.url+"/oauth/authorize?") {
		t.Errorf("opened %v", b.opened)
	}
	if !strings.Contains(out, `saved as "firm"`) {
		t.Errorf("stdout = %q", out)
	}
	raw, err := keyring.Get(cred.Service, "firm")
	if err != nil || !strings.Contains(raw, "app-secret") || !strings.Contains(raw, "refresh_token") {
		t.Errorf("keyring = %v", err)
	}
	assertNoSecretUnder(t, e.dir, "app-secret")
}

// urlWatcher is stderr that acts as the user: when the authorization URL
// is printed, it opens it.
type urlWatcher struct {
	b       *browserFollower
	mu      sync.Mutex
	buf     strings.Builder
	started bool
	done    chan error
}

var authURLPattern = regexp.MustCompile(`https?://\S+/oauth/authorize\?\S+`)

func (w *urlWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := authURLPattern.FindString(w.buf.String()); m != "" && !w.started {
		w.started = true
		go func() { w.done <- w.b.open(m) }()
	}
	return len(p), nil
}

func TestLoginNoBrowserPrintsURL(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	opened := &browserFollower{}
	e.useBrowser(opened) // must not be used
	w := &urlWatcher{b: &browserFollower{}, done: make(chan error, 1)}
	tio := newTestFactory(t, map[string]string{"CLIODEST_CONFIG_DIR": e.dir, "DISPLAY": ":0", "CLIODEST_REDIRECT_PORT": "0"})
	tio.f.In = strings.NewReader("app-secret\n")
	tio.f.ErrOut = w
	code := run(tio.f, []string{"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin", "--no-browser"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, w.buf.String())
	}
	if err := <-w.done; err != nil {
		t.Fatal(err)
	}
	if len(opened.opened) != 0 {
		t.Error("--no-browser opened a browser")
	}
	if !strings.Contains(w.buf.String(), "Open this URL in a browser") || !strings.Contains(w.buf.String(), "Waiting for the browser") {
		t.Errorf("stderr = %q", w.buf.String())
	}
}

func TestLoginConsentDenied(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{DenyConsent: true})
	e.useBrowser(&browserFollower{})
	code, _, errOut := e.run(t, "app-secret\n", map[string]string{"DISPLAY": ":0"},
		"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin")
	if code != 1 || !strings.Contains(errOut, "Clio access was denied in the browser") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestLoginBadInput(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	access, _ := e.sb.IssueToken()
	if code, _, errOut := e.run(t, access, nil, "--base-url", e.url, "login", "--name", "taken", "--token-stdin"); code != 0 {
		t.Fatalf("setup login: %s", errOut)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"unknown region", "tok", []string{"login", "--name", "a", "--region", "mars", "--token-stdin"}, 2, `unknown Clio region "mars"`},
		{"malformed base url", "tok", []string{"--base-url", "127.0.0.1:80:80", "login", "--name", "a", "--token-stdin"}, 2, "invalid --base-url"},
		{"plain http elsewhere", "tok", []string{"--base-url", "http://clio.example", "login", "--name", "a", "--token-stdin"}, 2, "loopback"},
		{"region and base url", "tok", []string{"--base-url", e.url, "login", "--name", "a", "--region", "us", "--token-stdin"}, 2, "not both"},
		{"empty token", "\n", []string{"--base-url", e.url, "login", "--name", "a", "--token-stdin"}, 2, "access token is empty"},
		{"duplicate", access, []string{"--base-url", e.url, "login", "--name", "taken", "--token-stdin"}, 2, "--force"},
		{"bad name", access, []string{"--base-url", e.url, "login", "--name", "a b", "--token-stdin"}, 2, "not usable"},
		{"no name off a terminal", access, []string{"--base-url", e.url, "login", "--token-stdin"}, 2, "--name is required"},
		{"no method off a terminal", "", []string{"--base-url", e.url, "login", "--name", "a"}, 2, "--token-stdin"},
		{"token and client id", access, []string{"--base-url", e.url, "login", "--name", "a", "--token-stdin", "--client-id", "x"}, 2, "none of the others"},
		{"client id without secret", "", []string{"--base-url", e.url, "login", "--name", "a", "--client-id", "x"}, 2, "--client-secret-stdin"},
		{"token as argument", "", []string{"--base-url", e.url, "login", "--name", "a", access}, 2, "never from the command line"},
		{"rejected token", "bogus-token\n", []string{"--base-url", e.url, "login", "--name", "a", "--token-stdin"}, 1, "nothing was saved"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := e.run(t, tt.stdin, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d (want %d), stderr:\n%s\nwant %q", code, tt.code, errOut, tt.want)
			}
			if strings.Contains(errOut, access) {
				t.Error("stderr shows the token")
			}
		})
	}
	code, out, _ := e.run(t, "", nil, "credentials", "list", "--json")
	var listed []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != 1 {
		t.Errorf("bad input saved something: %s", out)
	}
}

func TestLoginWithoutKeyring(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	access, _ := e.sb.IssueToken()
	code, _, errOut := e.run(t, access, nil, "--base-url", e.url, "login", "--name", "a", "--token-stdin")
	if code != 1 || !strings.Contains(errOut, "no usable OS keyring") || !strings.Contains(errOut, "--insecure-storage") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	code, _, errOut = e.run(t, access, nil, "--base-url", e.url, "login", "--name", "a", "--token-stdin", "--insecure-storage")
	if code != 0 || !strings.Contains(errOut, "unencrypted") {
		t.Fatalf("--insecure-storage exit %d: %s", code, errOut)
	}
	code, out, errOut := e.run(t, "", nil, "credentials", "check", "a")
	if code != 0 || !strings.Contains(errOut, "unencrypted") || !strings.Contains(out, "works") {
		t.Errorf("check exit %d: %s %s", code, out, errOut)
	}
	info, err := os.Stat(filepath.Join(e.dir, cred.SecretsFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("secrets file: %v %v", info, err)
	}
}

func TestLoginPrompts(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	access, _ := e.sb.IssueToken()
	tio := newTestFactory(t, map[string]string{"CLIODEST_CONFIG_DIR": e.dir})
	tio.f.InTTY, tio.f.OutTTY = true, true
	// method, name (default), token
	tio.f.In = strings.NewReader("t\n\n" + access + "\n")
	code := run(tio.f, []string{"--base-url", e.url, "login"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, tio.errOut)
	}
	for _, q := range []string{"paste an access token (t)", "Name for this credential [custom]", "Paste the access token"} {
		if !strings.Contains(tio.errOut.String(), q) {
			t.Errorf("prompt %q missing from:\n%s", q, tio.errOut)
		}
	}
	if !strings.Contains(tio.out.String(), `saved as "custom"`) {
		t.Errorf("stdout = %q", tio.out)
	}
}

func TestLoginPasteCode(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	go io.WriteString(pw, "app-secret\n")
	browser := func(u string) error { // the approval page is read, not followed
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			return err
		}
		if loc.Path != "/oauth/approval" {
			t.Errorf("redirected to %s, want the approval page", loc)
		}
		go io.WriteString(pw, loc.Query().Get("code")+"\n") // the user pastes what the page shows
		return nil
	}
	tio := newTestFactory(t, map[string]string{"CLIODEST_CONFIG_DIR": e.dir, "DISPLAY": ":0"})
	tio.f.In, tio.f.OpenBrowser = pr, browser
	code := run(tio.f, []string{"--base-url", e.url, "login", "--name", "firm", "--client-id", "app", "--client-secret-stdin", "--paste-code"})
	if code != 0 || !strings.Contains(tio.out.String(), `saved as "firm"`) {
		t.Fatalf("exit %d: %s %s", code, tio.out, tio.errOut)
	}
	if !strings.Contains(tio.errOut.String(), "Paste the code") {
		t.Errorf("no prompt for the code: %s", tio.errOut)
	}
}
