//go:build unix

package cmd

import (
	"encoding/json"
	"errors"
	"net/http"
	"os/exec"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestSignalsDrain runs the built binary against the sandbox and signals it
// while requests are held in flight: SIGHUP (a closed terminal) and SIGTERM
// both let those requests end and record their answers, so nothing is left
// in doubt; SIGHUP exits 130, SIGTERM 143.
func TestSignalsDrain(t *testing.T) {
	bin := buildCliodest(t)
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGHUP, exitInterrupted}, {syscall.SIGTERM, exitTerminated}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			const n, holdAfter = 200, 30
			var served atomic.Int32
			reached, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && served.Add(1) > holdAfter {
						once.Do(func() { close(reached) })
						<-release
					}
					h.ServeHTTP(w, r)
				})
			})
			file := writeActivities(t, t.TempDir(), n, nil)
			env := append(cleanEnviron(), "CLIODEST_BASE_URL="+ds.url, "CLIODEST_TOKEN="+ds.token, "CLIODEST_CONFIG_DIR="+t.TempDir())
			run := exec.Command(bin, "activate", "--concurrency", "4", file)
			run.Env = env
			if err := run.Start(); err != nil {
				t.Fatal(err)
			}
			<-reached
			if err := run.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			close(release)
			err := run.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != c.code {
				t.Errorf("exit %v, want %d", err, c.code)
			}
			status := exec.Command(bin, "status", "--json", file)
			status.Env = env
			out, err := status.Output()
			if err != nil {
				t.Fatalf("status: %v", err)
			}
			var rep statusReport
			if err := json.Unmarshal(out, &rep); err != nil {
				t.Fatal(err)
			}
			created := ds.sb.Created("activities")
			if rep.Counts[ledger.InDoubt] != 0 || rep.Counts[ledger.InFlight] != 0 {
				t.Errorf("after %s: %d in doubt, %d in flight (counts %v)", c.sig, rep.Counts[ledger.InDoubt], rep.Counts[ledger.InFlight], rep.Counts)
			}
			if rep.Counts[ledger.Delivered] != created || created >= n {
				t.Errorf("after %s: ledger delivered %d, Clio created %d of %d", c.sig, rep.Counts[ledger.Delivered], created, n)
			}
		})
	}
}
