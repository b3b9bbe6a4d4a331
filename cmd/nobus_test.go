package cmd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestLoginWithoutSessionBusLeavesNoProcess runs login --token-stdin with no
// D-Bus session bus: it must refuse ("no usable OS keyring") without
// starting one. godbus would otherwise autolaunch dbus-launch, leaving a
// dbus-daemon and a gnome-keyring-daemon behind (when dbus-x11 and
// gnome-keyring are installed, as CI installs them). Processes started by
// the child inherit a marker in their environment; none may survive it.
func TestLoginWithoutSessionBusLeavesNoProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc to find surviving processes")
	}
	if _, err := exec.LookPath("dbus-launch"); err != nil {
		t.Log("dbus-launch is not installed: autolaunch could not happen here anyway (apt-get install dbus-x11 gnome-keyring)")
	}
	bin := buildCliodest(t)
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	url, token := ds.url, ds.token

	marker := fmt.Sprintf("CLIODEST_TEST_MARK=nobus-%d-%d", os.Getpid(), time.Now().UnixNano())
	login := exec.Command(bin, "--base-url", url, "login", "--name", "firm", "--token-stdin")
	login.Env = append(cleanEnviron("DBUS_SESSION_BUS_ADDRESS"), "CLIODEST_CONFIG_DIR="+filepath.Join(t.TempDir(), "config"), marker)
	login.Stdin = strings.NewReader(token + "\n")
	var stdout, stderr bytes.Buffer
	login.Stdout, login.Stderr = &stdout, &stderr
	err := login.Run()
	code := login.ProcessState.ExitCode()
	if code != exitFailed || !strings.Contains(stderr.String(), "no usable OS keyring") || !strings.Contains(stderr.String(), "no D-Bus session bus") {
		t.Errorf("login without a bus: exit %d (%v), stderr:\n%s", code, err, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), token) {
		t.Error("the token was printed")
	}
	if left := processesWith(t, marker); len(left) > 0 {
		t.Errorf("login left %d process(es) running: %s", len(left), strings.Join(left, ", "))
	}
}

// processesWith lists the processes whose environment holds kv, as
// "PID (name)", and ends them: a test must not leave them behind either.
func processesWith(t *testing.T, kv string) []string {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00"+kv+"\x00")) {
			continue
		}
		name, _ := os.ReadFile(filepath.Join(d, "comm"))
		found = append(found, fmt.Sprintf("%s (%s)", filepath.Base(d), strings.TrimSpace(string(name))))
		var pid int
		if _, err := fmt.Sscan(filepath.Base(d), &pid); err == nil {
			if p, err := os.FindProcess(pid); err == nil {
				_ = p.Kill()
			}
		}
	}
	return found
}
