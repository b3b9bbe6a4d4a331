package cmd

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestKilledMidRunThenReactivated builds the binary, kills it with SIGKILL
// while requests are in flight, and activates again: nothing Clio
// acknowledged is sent again, the requests cut by the kill are listed in
// doubt, and retry --in-doubt delivers everything exactly once.
func TestKilledMidRunThenReactivated(t *testing.T) {
	const n, killAfter = 120, 40
	bin := buildCliodest(t)

	// After killAfter creates, further requests are held until the process
	// is dead, then handled: their objects exist but no one heard the answer.
	var served atomic.Int32
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && served.Load() >= killAfter {
				once.Do(func() { close(reached) })
				<-release
			}
			h.ServeHTTP(w, r)
			if r.Method == http.MethodPost {
				served.Add(1)
			}
		})
	})
	file := writeActivities(t, t.TempDir(), n, nil)
	env := append(os.Environ(), "CLIODEST_BASE_URL="+ds.url, "CLIODEST_TOKEN="+ds.token, "CLIODEST_CONFIG_DIR="+t.TempDir())
	cliodest := func(args ...string) *exec.Cmd {
		c := exec.Command(bin, args...)
		c.Env = env
		return c
	}

	first := cliodest("activate", "--concurrency", "4", file)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	<-reached
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	close(release)
	acked := ds.sb.Created("activities")

	second := cliodest("activate", "--json", file)
	out, _ := second.Output() // exit 1: records in doubt
	var inDoubtEvents int
	for _, line := range splitLines(out) {
		var ev struct {
			Event   string `json:"event"`
			InDoubt int    `json:"in_doubt"`
		}
		if json.Unmarshal(line, &ev) == nil && ev.Event == "finished" {
			inDoubtEvents = ev.InDoubt
		}
	}
	for note, c := range ds.log.createsPerNote(t) {
		if c != 1 {
			t.Errorf("after re-activation %s was created %d times", note, c)
		}
	}

	status := cliodest("status", "--in-doubt", "--json", file)
	sout, err := status.Output()
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	var rep statusReport
	if err := json.Unmarshal(sout, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.InDoubt) == 0 || len(rep.InDoubt) != inDoubtEvents || rep.Counts[ledger.InDoubt] != len(rep.InDoubt) {
		t.Fatalf("in doubt after the kill: listed %d, events %d, counts %v", len(rep.InDoubt), inDoubtEvents, rep.Counts)
	}
	if rep.Counts[ledger.Delivered]+rep.Counts[ledger.InDoubt] != n {
		t.Fatalf("records lost: %v", rep.Counts)
	}
	t.Logf("killed after %d acknowledged creates; %d in doubt after re-activation", acked, len(rep.InDoubt))

	if out, err := cliodest("retry", "--in-doubt", file).CombinedOutput(); err != nil {
		t.Fatalf("retry --in-doubt: %v\n%s", err, out)
	}
	perNote := ds.log.createsPerNote(t)
	if len(perNote) != n {
		t.Errorf("%d records created, want %d", len(perNote), n)
	}
	for note, c := range perNote {
		if c != 1 {
			t.Errorf("%s created %d times", note, c)
		}
	}
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		out = append(out, b[:i])
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return out
}
