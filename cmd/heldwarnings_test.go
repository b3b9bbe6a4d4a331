package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/samples"
)

// The warning that a credential's secrets are stored unencrypted is written
// once the wizard is done, not in the middle of its screen (it landed
// inside the full-screen wizard's frame): here after the accessible
// wizard's questions, which share standard error.
func TestCredentialWarningWaitsForTheWizard(t *testing.T) {
	e := newCredEnv(t, sandbox.Config{})
	access, _ := e.sb.IssueToken()
	if code, _, errOut := e.run(t, access+"\n", nil, "--base-url", e.url, "login", "--name", "firm", "--token-stdin", "--insecure-storage"); code != 0 {
		t.Fatalf("login exit %d: %s", code, errOut)
	}
	dir := t.TempDir()
	for _, n := range []string{"time-entries.yaml", "time-entries.csv"} {
		data, err := fs.ReadFile(samples.FS(), n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, _, errOut := e.run(t, strings.Repeat("\n", 8), nil, "--base-url", e.url, "--accessible", "edit", filepath.Join(dir, "time-entries.yaml"))
	warning, endpoint := strings.Index(errOut, "stored unencrypted"), strings.Index(errOut, "Step 3 of 9: Endpoint")
	if endpoint < 0 || warning < 0 {
		t.Fatalf("the wizard did not reach the Endpoint step, or no warning:\n%s", errOut)
	}
	if warning < endpoint {
		t.Errorf("the warning is written in the middle of the wizard:\n%s", errOut)
	}
}
