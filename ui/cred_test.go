package ui

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow/cred"
)

// toCredential opens the wizard with a store and walks to the credential
// step; CLIODEST_TOKEN is unset, so the list offers only the new ones.
func toCredential(t *testing.T, f *fixture, o Options) (*model, *cred.Store, string) {
	t.Helper()
	dir := t.TempDir()
	store := cred.NewStore(cred.Options{Dir: dir, Keyring: &cred.MemoryKeyring{}})
	o.Store, o.Token = store, ""
	m := newTestModel(t, o, 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, f.nexset)
	press(t, m, "enter", "enter")
	if m.cur != stepCredential {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	return m, store, dir
}

// assertNoSecret fails when s shows up on screen or in the config directory.
func assertNoSecret(t *testing.T, m *model, dir, secret string) {
	t.Helper()
	if strings.Contains(screen(m), secret) {
		t.Fatalf("the secret is on screen:\n%s", screen(m))
	}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if b, _ := os.ReadFile(p); strings.Contains(string(b), secret) {
				t.Errorf("the secret is in %s", p)
			}
		}
		return nil
	})
}

func TestPastedTokenLoginInsideTheWizard(t *testing.T) {
	f := newFixture(t)
	m, store, dir := toCredential(t, f, f.options())
	if got := screen(m); !strings.Contains(got, "> + New credential: paste an access token") {
		t.Fatalf("credential list:\n%s", got)
	}
	press(t, m, "enter")
	typeText(t, m, "firm")
	press(t, m, "enter", "enter") // name, host (the --base-url sandbox)
	typeText(t, m, f.token)
	got := screen(m)
	if !strings.Contains(got, "Access token (hidden)") || !strings.Contains(got, strings.Repeat("•", 8)) {
		t.Fatalf("token field is not masked:\n%s", got)
	}
	assertNoSecret(t, m, dir, f.token)
	press(t, m, "enter")
	if got := screen(m); !strings.Contains(got, "Connected as") || !strings.Contains(got, "firm") {
		t.Fatalf("after login:\n%s", got)
	}
	if m.d.Credential != "firm" || !m.conn.ok {
		t.Fatalf("credential %q, connected %v", m.d.Credential, m.conn.ok)
	}
	c, err := store.Get("firm")
	if err != nil || c.Kind != cred.KindToken || c.BaseURL != f.host.String() {
		t.Fatalf("saved credential %+v, %v", c, err)
	}
	assertNoSecret(t, m, dir, f.token)
}

func TestPastedTokenLoginRefused(t *testing.T) {
	f := newFixture(t)
	m, store, _ := toCredential(t, f, f.options())
	press(t, m, "enter")
	typeText(t, m, "firm")
	press(t, m, "enter", "enter")
	typeText(t, m, "not-a-token")
	press(t, m, "enter")
	got := screen(m)
	if m.conn.ok || !strings.Contains(got, "401") {
		t.Fatalf("a bad token was accepted:\n%s", got)
	}
	if strings.Contains(got, "not-a-token") {
		t.Fatalf("the refused token is on screen:\n%s", got)
	}
	if cs, _ := store.List(); len(cs) != 0 {
		t.Fatalf("a refused token was saved: %+v", cs)
	}
}

func TestBrowserLoginInsideTheWizard(t *testing.T) {
	f := newFixture(t)
	o := f.options()
	var opened []string
	browserErr := make(chan error, 1)
	// The "browser" follows Clio's consent redirect back to the loopback
	// callback, as a user approving the app would.
	o.OpenBrowser = func(u string) error {
		opened = append(opened, u)
		resp, err := http.Get(u)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = &statusErr{resp.StatusCode}
			}
		}
		browserErr <- err
		return err
	}
	m, store, dir := toCredential(t, f, o)
	press(t, m, "down", "enter")
	if got := screen(m); !strings.Contains(got, "consent page") {
		t.Fatalf("browser login form:\n%s", got)
	}
	typeText(t, m, "firm")
	press(t, m, "enter", "enter")
	typeText(t, m, "app-key")
	press(t, m, "enter")
	typeText(t, m, "app-s3cret")
	assertNoSecret(t, m, dir, "app-s3cret")

	// Submit by hand, one message at a time, to see the wait for the browser.
	_, cmd := m.Update(keyMsg("enter"))
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		msg = b[0]()
	}
	u, ok := msg.(oauthURLMsg)
	if !ok {
		t.Fatalf("first message %T, want the consent URL", msg)
	}
	m.Update(u)
	if got := screen(m); !strings.Contains(got, "waiting for the browser") || !strings.Contains(got, "/oauth/authorize") {
		t.Fatalf("while waiting:\n%s", got)
	}
	if err := <-browserErr; err != nil {
		t.Fatalf("the browser's visit: %v", err)
	}
	drive(t, m, u.next)
	if got := screen(m); !strings.Contains(got, "Connected as") {
		t.Fatalf("after the browser login:\n%s", got)
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], f.host.OAuthURL("authorize")) {
		t.Fatalf("opened %q", opened)
	}
	c, err := store.Get("firm")
	if err != nil || c.Kind != cred.KindOAuth || m.d.Credential != "firm" {
		t.Fatalf("saved credential %+v, %v (destination uses %q)", c, err, m.d.Credential)
	}
	assertNoSecret(t, m, dir, "app-s3cret")
}

type statusErr struct{ code int }

func (e *statusErr) Error() string { return http.StatusText(e.code) }
