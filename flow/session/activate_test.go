package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

func TestActivateDeliversWithOneUserAgent(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 4)
	s := ts.session()
	conn, err := s.Connect(context.Background(), Login{Env: true})
	if err != nil {
		t.Fatal(err)
	}
	if conn.User.Name == "" || conn.Host.String() != ts.host.String() {
		t.Fatalf("connected as %+v", conn)
	}
	run, err := s.Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if run.Label == "" || run.Mode != ledger.ModeActivate {
		t.Errorf("run label %q mode %q", run.Label, run.Mode)
	}
	res, err := run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Delivered != 4 || res.Counts[ledger.Delivered] != 4 || ts.sb.Created("activities") != 4 {
		t.Fatalf("delivered %d, ledger %v, created %d", res.Delivered, res.Counts, ts.sb.Created("activities"))
	}
	if d, _ := flow.Load(file); d.Status != flow.StatusActive {
		t.Errorf("the file says %s after activation", d.Status)
	}
	if ua := ts.userAgents(); len(ua) != 1 || ua["cliodest/test"] != 5 {
		t.Errorf("User-Agents seen: %v, want cliodest/test on who_am_i and 4 creates", ua)
	}
}

// An activation reads a header's ${NAME} from the session's environment
// (the Factory's), not from the process's.
func TestActivateReadsHeaderVariablesFromTheSession(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 3)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	d.Endpoint = flow.Endpoint{Method: "POST", URL: "/api/v4/activities.json", Headers: "X-Api-Key:${FIRM_API_KEY}"}
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	t.Setenv("FIRM_API_KEY", "from-the-process")
	s := ts.session()
	s.Env = func(k string) string { return map[string]string{"FIRM_API_KEY": "from-the-session"}[k] }
	run, err := s.Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	res, err := run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if keys := ts.apiKeys; res.Delivered != 3 || len(keys) != 1 || keys["from-the-session"] != 3 {
		t.Fatalf("delivered %d; X-Api-Key values seen: %v", res.Delivered, keys)
	}
}

// TestPauseStopsAnActivation: the sandbox allows 5 requests a minute, so
// the run waits for the reset after them; pausing the file stops it there.
// The switch is wired whoever starts the run (a wizard passes its Conn).
func TestPauseStopsAnActivation(t *testing.T) {
	for _, withConn := range []bool{false, true} {
		ts := newTestSandbox(t, sandbox.Config{RateLimit: 5})
		file := writeActivities(t, t.TempDir(), 30)
		s := ts.session()
		a := Activation{File: file, Concurrency: 2, PollInterval: 20 * time.Millisecond}
		if withConn {
			c, err := s.Connect(context.Background(), Login{Env: true})
			if err != nil {
				t.Fatal(err)
			}
			a.Conn = c
		}
		ts.onPost = func(n int) {
			if n == 2 {
				pause(t, file)
			}
		}
		run, err := s.Activate(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		res, err := run.Go(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !res.Paused || res.Pending == 0 || ts.sb.Created("activities") >= 30 {
			t.Fatalf("conn %v: paused %v, pending %d, created %d", withConn, res.Paused, res.Pending, ts.sb.Created("activities"))
		}
		if res.Counts[ledger.Delivered] != ts.sb.Created("activities") || res.Counts[ledger.InFlight] != 0 {
			t.Errorf("conn %v: ledger %v, created %d", withConn, res.Counts, ts.sb.Created("activities"))
		}
	}
}

func TestRetryRefusals(t *testing.T) {
	ts := newTestSandbox(t, sandbox.Config{RateLimit: -1})
	file := writeActivities(t, t.TempDir(), 2)
	s := ts.session()
	var se *StateError
	if _, err := s.Retry(context.Background(), Activation{File: file}); !errors.As(err, &se) || se.Paused {
		t.Fatalf("retry before any activation: %v", err)
	}
	run, err := s.Activate(context.Background(), Activation{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run.Go(context.Background()); err != nil {
		t.Fatal(err)
	}
	pause(t, file)
	if _, err := s.Resolve(context.Background(), Activation{File: file}); !errors.As(err, &se) || !se.Paused {
		t.Fatalf("resolve of a paused destination: %v", err)
	}
	var ie *InputError
	if _, err := s.Activate(context.Background(), Activation{File: file, OnChange: "sometimes"}); !errors.As(err, &ie) {
		t.Fatalf("a bad on_change: %v", err)
	}
}

func TestDryRunNeedsNoCredential(t *testing.T) {
	file := writeActivities(t, t.TempDir(), 3)
	s := &Session{}
	run, err := s.Activate(context.Background(), Activation{File: file, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err := run.Go(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.WouldSend != 3 {
		t.Errorf("would send %d, want 3", res.WouldSend)
	}
	if d, _ := flow.Load(file); d.Status != flow.StatusPaused {
		t.Errorf("a dry run set the file %s", d.Status)
	}
	if _, err := s.Activate(context.Background(), Activation{File: file}); err == nil {
		t.Error("an activation without any credential was opened")
	}
}
