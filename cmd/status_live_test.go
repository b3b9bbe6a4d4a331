package cmd

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestStatusLiveRunThenPauseCountsTheWholeNexset: status during a live run
// says running with its process, not interrupted; after a pause the
// finished event and status count every record of the Nexset that is not
// delivered, including those the run never read (paced to 5 a minute, the
// run is paused after 2 of 30).
func TestStatusLiveRunThenPauseCountsTheWholeNexset(t *testing.T) {
	var served atomic.Int32
	second := make(chan struct{})
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: 5}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			if r.Method == http.MethodPost && served.Add(1) == 2 {
				close(second)
			}
		})
	})
	const n = 30
	file := writeActivities(t, t.TempDir(), n, nil)
	tio := newTestFactory(t, ds.env(t))
	done := make(chan int)
	go func() { done <- run(tio.f, []string{"activate", "--json", "--concurrency", "2", file}) }()
	<-second

	live := statusJSON(t, ds.env(t), file)
	if r := live.LastRun; r == nil || !r.Running || r.Interrupted || r.Finished || r.PID != os.Getpid() {
		t.Errorf("status during the run: %+v, want running with PID %d, not interrupted", live.LastRun, os.Getpid())
	}
	if code, out, _ := runCmd(t, ds.env(t), "status", file); code != 0 || !strings.Contains(out, fmt.Sprintf("running (process %d", os.Getpid())) {
		t.Errorf("status during the run, as text:\n%s", out)
	}

	if code := run(newTestFactory(t, ds.env(t)).f, []string{"pause", file}); code != 0 {
		t.Fatal("pause failed")
	}
	if code := <-done; code != exitStopped {
		t.Fatalf("activate exit %d after pause, want %d:\n%s", code, exitStopped, tio.errOut)
	}
	var fin finishedJSON
	for _, line := range strings.Split(strings.TrimSpace(tio.out.String()), "\n") {
		if strings.Contains(line, `"event":"finished"`) {
			if err := json.Unmarshal([]byte(line), &fin); err != nil {
				t.Fatal(err)
			}
		}
	}
	delivered := ds.sb.Created("activities")
	if fin.Total == nil || *fin.Total != n || fin.NotSent != n-delivered || !fin.Paused {
		t.Errorf("finished after pause: total %v, not_sent %d, paused %v; want total %d, not_sent %d (%d delivered)",
			fin.Total, fin.NotSent, fin.Paused, n, n-delivered, delivered)
	}

	after := statusJSON(t, ds.env(t), file)
	if r := after.LastRun; r == nil || r.Running || !r.Finished || r.NotSent != n-delivered {
		t.Errorf("status after the pause: %+v", after.LastRun)
	}
	if after.NexsetRecords == nil || *after.NexsetRecords != n || after.NotDelivered == nil || *after.NotDelivered != n-delivered ||
		after.Counts[ledger.Delivered] != delivered {
		t.Errorf("status counts: nexset %v, not delivered %v, counts %v; want %d and %d", after.NexsetRecords, after.NotDelivered, after.Counts, n, n-delivered)
	}
}

func statusJSON(t *testing.T, env map[string]string, file string) statusReport {
	t.Helper()
	tio := newTestFactory(t, env)
	if code := run(tio.f, []string{"status", "--json", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	var rep statusReport
	if err := json.Unmarshal([]byte(tio.out.String()), &rep); err != nil {
		t.Fatalf("status --json: %v\n%s", err, tio.out)
	}
	return rep
}
