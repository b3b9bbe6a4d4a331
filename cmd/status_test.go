package cmd

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/ledger"
)

// TestStatusAfterRejections reads the ledger of a run with two records
// Clio refused, as text and as JSON.
func TestStatusAfterRejections(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 6, func(i int) bool { return i == 2 || i == 5 })
	if code := run(newTestFactory(t, ds.env(t)).f, []string{"activate", file}); code != exitFailed {
		t.Fatalf("activate exit %d", code)
	}

	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", "--in-doubt", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	out := tio.out.String()
	for _, want := range []string{
		"activities (active)\n", "  in flight  0\n", "  delivered  4\n", "  in doubt   0\n",
		"Last run: activate", "finished: delivered 4, failed 2, skipped 0, in doubt 0, 6 request(s)",
		"Failed (2):", "POS  KEY  STATUS  METHOD  MESSAGE",
		"  2    R2   422     POST    data.matter.id: Matter 999999 does not exist",
		"In doubt: none",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "_") || strings.Contains(out, "stopped") {
		t.Errorf("status shows a raw state name or a stop:\n%s", out)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", "--json", file}); code != 0 {
		t.Fatalf("status --json exit %d: %s", code, tio.errOut)
	}
	var m struct {
		Counts  map[string]int   `json:"counts"`
		LastRun map[string]any   `json:"last_run"`
		Failed  []map[string]any `json:"failed"`
	}
	if err := json.Unmarshal([]byte(tio.out.String()), &m); err != nil {
		t.Fatal(err)
	}
	if m.Counts["delivered"] != 4 || m.Counts["failed"] != 2 || len(m.Failed) != 2 {
		t.Fatalf("report: %s", tio.out)
	}
	for _, want := range []string{"mode", "started_at", "finished_at", "not_sent", "rate_limit_wait_seconds"} {
		if _, ok := m.LastRun[want]; !ok {
			t.Errorf("last_run lacks %q: %v", want, m.LastRun)
		}
	}
	f := m.Failed[0]
	if f["pos"] != 2.0 || f["key"] != "R2" || f["http_status"] != 422.0 || f["state"] != "failed" ||
		!strings.Contains(f["error_message"].(string), "does not exist") {
		t.Errorf("failed[0] = %v", f)
	}
}

func TestStatusOfARunThatDidNotFinish(t *testing.T) {
	rep := statusReport{Destination: "d", Status: "active", Counts: map[ledger.State]int{ledger.InFlight: 3},
		LastRun: &runJSON{Mode: "activate", StartedAt: time.Now(), NotSent: 40, Interrupted: true, Error: "interrupted", Finished: true}}
	var b strings.Builder
	writeStatus(&b, rep, false, false)
	if !strings.Contains(b.String(), "interrupted: delivered 0, failed 0, skipped 0, in doubt 0, not sent 40,") ||
		strings.Contains(b.String(), "stopped: interrupted") {
		t.Errorf("status:\n%s", b.String())
	}
	rep.LastRun = &runJSON{Mode: "retry", StartedAt: time.Now()}
	b.Reset()
	writeStatus(&b, rep, false, false)
	if !strings.Contains(b.String(), "not finished (still running, or the process was killed)") {
		t.Errorf("status:\n%s", b.String())
	}
}
