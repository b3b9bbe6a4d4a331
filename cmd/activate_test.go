package cmd

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

func TestActivateRejectedThenRetryAfterFix(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 12, func(i int) bool { return i == 3 || i == 7 })

	tio := newTestFactory(t, ds.env(t))
	code := run(tio.f, []string{"activate", file})
	if code != exitFailed {
		t.Fatalf("exit %d, stderr:\n%s", code, tio.errOut)
	}
	errOut := tio.errOut.String()
	for _, want := range []string{"record 3 (line 3, key R3) failed [422]", "Matter 999999 does not exist"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if want := "Delivered 10, failed 2"; !strings.Contains(tio.out.String(), want) {
		t.Errorf("stdout lacks the summary %q:\n%s", want, tio.out)
	}
	if d, _ := flow.Load(file); d.Status != flow.StatusActive {
		t.Errorf("status in file = %s", d.Status)
	}

	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"status", "--failed", "--json", file}); code != 0 {
		t.Fatalf("status exit %d: %s", code, tio.errOut)
	}
	var rep statusReport
	if err := json.Unmarshal([]byte(tio.out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Counts[ledger.Delivered] != 10 || rep.Counts[ledger.Failed] != 2 || len(rep.Failed) != 2 ||
		rep.Failed[0].Pos != 3 || rep.Failed[0].HTTPStatus != 422 || !strings.Contains(rep.Failed[0].ErrMessage, "does not exist") {
		t.Fatalf("status report %+v", rep)
	}

	writeActivityRecords(t, dir, 12, nil) // the Nexset is fixed
	before := ds.sb.Created("activities")
	tio = newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"retry", file}); code != 0 {
		t.Fatalf("retry exit %d: %s", code, tio.errOut)
	}
	if got := ds.sb.Created("activities") - before; got != 2 {
		t.Errorf("retry created %d objects, want 2", got)
	}
	for note, n := range ds.log.createsPerNote(t) {
		if n != 1 {
			t.Errorf("%s created %d times", note, n)
		}
	}
}

func TestActivateDryRunSendsNothing(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	file := writeActivities(t, t.TempDir(), 8, func(i int) bool { return i == 2 })
	tio := newTestFactory(t, ds.env(t))
	if code := run(tio.f, []string{"activate", "--dry-run", file}); code != 0 {
		t.Fatalf("exit %d: %s", code, tio.errOut)
	}
	if !strings.Contains(tio.out.String(), "8 records checked, 8 would be sent in 8 request(s)") {
		t.Errorf("stdout:\n%s", tio.out)
	}
	if strings.Contains(tio.errOut.String(), "Sending") {
		t.Errorf("a dry run says it is sending:\n%s", tio.errOut)
	}
	if ds.sb.Created("activities") != 0 {
		t.Error("a dry run created objects")
	}
	if d, _ := flow.Load(file); d.Status != flow.StatusPaused {
		t.Errorf("a dry run activated the destination: %s", d.Status)
	}
}

// TestPauseStopsARunningActivation: the sandbox allows 5 requests a minute,
// so the run sends 5 and waits for the reset; pause stops it while it waits.
func TestPauseStopsARunningActivation(t *testing.T) {
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
	file := writeActivities(t, t.TempDir(), 30, nil)
	tio := newTestFactory(t, ds.env(t))
	done := make(chan int)
	go func() { done <- run(tio.f, []string{"activate", "--concurrency", "2", file}) }()
	<-second
	ptio := newTestFactory(t, ds.env(t))
	if code := run(ptio.f, []string{"pause", file}); code != 0 {
		t.Fatalf("pause exit %d: %s", code, ptio.errOut)
	}
	if code := <-done; code != exitStopped {
		t.Fatalf("activate exit %d after pause, want %d:\n%s", code, exitStopped, tio.errOut)
	}
	if !strings.Contains(tio.errOut.String(), "paused") {
		t.Errorf("stderr:\n%s", tio.errOut)
	}
	stio := newTestFactory(t, ds.env(t))
	run(stio.f, []string{"status", "--json", file})
	var rep statusReport
	if err := json.Unmarshal([]byte(stio.out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Status != "paused" || rep.Counts[ledger.Delivered] != ds.sb.Created("activities") || rep.Counts[ledger.InFlight] != 0 {
		t.Fatalf("after pause: %+v (created %d)", rep, ds.sb.Created("activities"))
	}
}

func TestActivateBadInput(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 3, nil)
	blocker := filepath.Join(dir, "blocker")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.ledger.db")
	if l, err := ledger.Open(other, ledger.Identity{ID: "someone-else", Name: "other"}); err != nil {
		t.Fatal(err)
	} else {
		l.Close()
	}
	noToken := ds.env(t)
	delete(noToken, "CLIODEST_TOKEN")
	// A destination that names no credential, where none is saved.
	unnamed := writeActivities(t, t.TempDir(), 3, nil)
	if d, err := flow.Load(unnamed); err != nil {
		t.Fatal(err)
	} else if d.Credential = ""; flow.Save(unnamed, d) != nil {
		t.Fatal("saving the destination without credential")
	}
	const usageHint = "for usage"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
		not  string
	}{
		{"ledger of another destination", ds.env(t), []string{"activate", "--ledger", other, file}, exitFailed, `belongs to destination "other"`, ""},
		{"ledger path cannot be created", ds.env(t), []string{"activate", "--ledger", filepath.Join(blocker, "x.db"), file}, exitFailed, "create directory", ""},
		// A missing credential is not bad usage of the command: exit 1,
		// and say how to provide one rather than point at --help.
		{"credential gone", noToken, []string{"activate", file}, exitFailed,
			`no credential named "firm" is saved on this machine: save it with "cliodest login --name firm", use one that is (cliodest credentials list), or set CLIODEST_TOKEN`, usageHint},
		{"no credential saved", noToken, []string{"activate", unnamed}, exitFailed,
			`no Clio credential saved: run "cliodest login --name NAME" to save one, or set CLIODEST_TOKEN`, usageHint},
		{"bad concurrency", ds.env(t), []string{"activate", "--concurrency", "0", file}, exitUsage, "--concurrency 0", ""},
		{"retry before activation", ds.env(t), []string{"retry", file}, exitFailed, "never been activated", usageHint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, tt.env)
			if code := run(tio.f, tt.args); code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, tio.errOut)
			}
			if !strings.Contains(tio.errOut.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, tio.errOut)
			}
			if tt.not != "" && strings.Contains(tio.errOut.String(), tt.not) {
				t.Errorf("stderr has %q:\n%s", tt.not, tio.errOut)
			}
		})
	}
	if ds.sb.Created("activities") != 0 {
		t.Error("bad input sent records")
	}
}
