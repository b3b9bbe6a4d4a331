package cmd

import (
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// TestSecondActivationRefused: while one activation of a destination runs
// (its window's 5 requests sent, held until the reset a minute away), a
// second activate or retry of it fails at once, naming the running one's
// PID, and sends nothing; the first then pauses normally.
func TestSecondActivationRefused(t *testing.T) {
	var served atomic.Int32
	first := make(chan struct{})
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: 5}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if r.Method == http.MethodPost && served.Add(1) == 5 {
				close(first)
			}
		})
	})
	file := writeActivities(t, t.TempDir(), 30, nil)
	tio := newTestFactory(t, ds.env(t))
	done := make(chan int)
	go func() { done <- run(tio.f, []string{"activate", "--concurrency", "1", file}) }()
	<-first
	for _, args := range [][]string{{"activate", file}, {"retry", file}} {
		code, _, stderr := runCmd(t, ds.env(t), args...)
		if code != exitFailed {
			t.Errorf("%s while another runs: exit %d, want %d\n%s", args[0], code, exitFailed, stderr)
		}
		if want := "being delivered by cliodest process " + strconv.Itoa(os.Getpid()); !strings.Contains(stderr, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", args[0], want, stderr)
		}
	}
	if n := served.Load(); n > 5 {
		t.Errorf("the refused runs sent requests: %d served", n)
	}
	if code, _, stderr := runCmd(t, ds.env(t), "pause", file); code != 0 {
		t.Fatalf("pause: %d %s", code, stderr)
	}
	if code := <-done; code != exitStopped {
		t.Fatalf("first activation exit %d, want %d (paused):\n%s", code, exitStopped, tio.errOut)
	}
}
