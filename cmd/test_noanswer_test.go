package cmd

import (
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestTestNoAnswer: a test send to a server that is not running says that
// nothing reached Clio and what to check, once, and stops (exit 3) - not a
// chain of "test request: test send …: clio: POST …: dial tcp …".
func TestTestNoAnswer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	d, err := flow.Load(filepath.Join(samplesDir, "time-entries.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(d.NexsetPath())
	d.Nexset.Path = abs
	file := filepath.Join(t.TempDir(), "dest.yaml")
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CLIODEST_BASE_URL": dead, "CLIODEST_TOKEN": "tok", "CLIODEST_CONFIG_DIR": t.TempDir()}
	code, stdout, stderr := runCmd(t, env, "test", file)
	if code != exitStopped {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitStopped, stdout, stderr)
	}
	for _, want := range []string{"no answer from Clio: connection refused", "nothing reached Clio", "--base-url"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "test send") || strings.Contains(stderr, "dial tcp") {
		t.Errorf("stderr still shows the wrapped chain:\n%s", stderr)
	}
}
