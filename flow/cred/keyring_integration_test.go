package cred

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
)

// realKeyringChild marks the child process that talks to the real keyring.
const realKeyringChild = "CLIODEST_REAL_KEYRING_CHILD"

// TestRealKeyring logs in against the sandbox with the OS keyring (the
// Secret Service on Linux) and reads the secret back through it. It skips
// when no Secret Service answers, unless CLIODEST_REQUIRE_KEYRING=1.
//
// The work runs in a fresh copy of the test binary: other tests install
// go-keyring's mock, which replaces its global provider for good.
func TestRealKeyring(t *testing.T) {
	require := os.Getenv("CLIODEST_REQUIRE_KEYRING") == "1"
	skip := func(reason string) {
		t.Helper()
		if require {
			t.Fatalf("CLIODEST_REQUIRE_KEYRING=1 but %s", reason)
		}
		t.Skip(reason)
	}
	if os.Getenv(realKeyringChild) == "1" {
		realKeyringWork(t, skip)
		return
	}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		skip("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is empty), so no Secret Service to test against")
	}
	child := exec.Command(os.Args[0], "-test.run=^TestRealKeyring$", "-test.v", "-test.count=1")
	child.Env = append(os.Environ(), realKeyringChild+"=1")
	out, err := child.CombinedOutput()
	if m := regexp.MustCompile(`(?m)^\s+\S+\.go:\d+: (.*)\n--- SKIP: TestRealKeyring`).FindSubmatch(out); m != nil {
		skip(string(m[1]))
	}
	if err != nil {
		t.Fatalf("real-keyring run failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestRealKeyring") {
		t.Fatalf("real-keyring run did not pass:\n%s", out)
	}
	t.Logf("real keyring:\n%s", out)
}

func realKeyringWork(t *testing.T, skip func(string)) {
	sys := WithTimeout(SystemKeyring(), DefaultKeyringTimeout)
	if _, err := sys.Get(Service, "cliodest-probe"); err != nil && !errors.Is(err, ErrSecretNotFound) {
		skip(fmt.Sprintf("the Secret Service does not answer: %v", err))
	}

	sb, host := startSandbox(t, sandboxConfigNoLimit())
	access, _ := sb.IssueToken()
	dir := t.TempDir()
	name := fmt.Sprintf("cliodest-it-%d", os.Getpid())
	s := NewStore(Options{Dir: dir}) // the real keyring, behind the 3 s timeout
	t.Cleanup(func() { _ = sys.Delete(Service, name) })

	c, err := s.Login(context.Background(), LoginOptions{Name: name, Host: host, Kind: KindToken, Token: access})
	if err != nil {
		t.Fatalf("login with the real keyring: %v", err)
	}
	if c.Storage != StorageKeyring || c.User.Name != "Jane Doe" {
		t.Errorf("credential = %+v", c)
	}

	raw, err := sys.Get(Service, name)
	if err != nil {
		t.Fatalf("read back from the real keyring: %v", err)
	}
	var sec Secret
	if err := json.Unmarshal([]byte(raw), &sec); err != nil || sec.AccessToken != access {
		t.Fatalf("the keyring holds something else (%v)", err)
	}
	if path, err := exec.LookPath("secret-tool"); err == nil {
		out, err := exec.Command(path, "lookup", "service", Service, "username", name).Output()
		if err != nil || !strings.Contains(string(out), access) {
			t.Errorf("secret-tool lookup: %v", err)
		}
	}
	assertNoSecretsInFiles(t, dir, access)

	ts, _, err := s.TokenSource(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := clio.NewClient(clio.Options{Host: host, TokenSource: ts}).WhoAmI(context.Background()); err != nil || u.Name != "Jane Doe" {
		t.Errorf("who_am_i through the keyring's token: %v %v", u, err)
	}

	if _, err := s.Remove(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	if _, err := sys.Get(Service, name); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("secret left in the keyring after remove: %v", err)
	}

	realKeyringRefresh(t, s, sys, name+"-oauth")
	if _, err := os.Stat(filepath.Join(dir, SecretsFile)); !os.IsNotExist(err) {
		t.Errorf("an insecure secrets file appeared: %v", err)
	}
}

// realKeyringRefresh logs in through the browser flow, lets the sandbox's
// clock pass the token's lifetime, and checks that the refreshed token is
// what the real keyring then holds: the credential survives a restart.
func realKeyringRefresh(t *testing.T, s *Store, sys Keyring, name string) {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{t: time.Now()}
	_, host := startSandbox(t, sandbox.Config{Now: clock.Now, TokenLifetime: time.Hour, RateLimit: -1})
	t.Cleanup(func() { _ = sys.Delete(Service, name) })
	_, err := s.Login(ctx, LoginOptions{
		Name: name, Host: host, Kind: KindOAuth, ClientID: "app", ClientSecret: "sandbox-secret",
		Authorize: func(ctx context.Context) (*oauth2.Token, error) {
			return clio.LoopbackLogin(ctx, clio.LoopbackOptions{Host: host, ClientID: "app", ClientSecret: "sandbox-secret",
				OpenURL: followBrowser(t, nil), Timeout: time.Minute})
		},
	})
	if err != nil {
		t.Fatalf("browser login with the real keyring: %v", err)
	}
	first := realSecret(t, sys, name)
	if first.RefreshToken == "" {
		t.Fatal("no refresh token in the real keyring after an OAuth login")
	}

	clock.Advance(2 * time.Hour)
	ts, _, err := s.TokenSource(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := clio.NewClient(clio.Options{Host: host, TokenSource: ts}).WhoAmI(ctx); err != nil {
		t.Fatalf("who_am_i after expiry: %v", err)
	}
	if second := realSecret(t, sys, name); second.AccessToken == first.AccessToken || second.AccessToken == "" {
		t.Error("the refreshed access token is not in the real keyring")
	}
	assertNoSecretsInFiles(t, s.Dir(), first.AccessToken, first.RefreshToken, "sandbox-secret")
	if _, err := s.Remove(ctx, name); err != nil {
		t.Fatal(err)
	}
}

func realSecret(t *testing.T, sys Keyring, name string) Secret {
	t.Helper()
	raw, err := sys.Get(Service, name)
	if err != nil {
		t.Fatalf("read %q from the real keyring: %v", name, err)
	}
	var sec Secret
	if err := json.Unmarshal([]byte(raw), &sec); err != nil {
		t.Fatalf("the real keyring holds something else for %q: %v", name, err)
	}
	return sec
}
