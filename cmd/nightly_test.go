package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// restartable serves a handler on a fixed loopback address that a test can
// kill (every connection dropped, new ones refused) and start again, as a
// server that dies and comes back.
type restartable struct {
	t    *testing.T
	h    http.Handler
	addr string
	mu   sync.Mutex
	srv  *http.Server
}

func startRestartable(t *testing.T, h http.Handler) *restartable {
	r := &restartable{t: t, h: h, addr: "127.0.0.1:0"}
	r.start()
	t.Cleanup(r.kill)
	return r
}

func (r *restartable) start() {
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Fatalf("listen on %s: %v", r.addr, err)
	}
	r.mu.Lock()
	r.addr = ln.Addr().String()
	r.srv = &http.Server{Handler: r.h}
	srv := r.srv
	r.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
}

func (r *restartable) kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		_ = r.srv.Close()
		r.srv = nil
	}
}

func (r *restartable) url() string { return "http://" + r.addr }

// nightly is one firm's set-up: a sandbox Clio, a saved credential "firm",
// a destination of n activities, and the nightly script run with the built
// binary on its PATH, no session bus and no CLIODEST_ variables but the
// config directory.
type nightly struct {
	t      *testing.T
	bin    string
	n      int
	sb     *sandbox.Server
	srv    *restartable
	dest   string
	events string
	env    []string
	marker string
}

func newNightly(t *testing.T, bin string, n int, cfg sandbox.Config, wrap func(nt *nightly, h http.Handler) http.Handler) *nightly {
	t.Helper()
	nt := &nightly{t: t, bin: bin, n: n}
	cfg.RedirectURIs = nil
	nt.sb = sandbox.New(cfg)
	var h http.Handler = nt.sb
	if wrap != nil {
		h = wrap(nt, h)
	}
	nt.srv = startRestartable(t, h)
	dir := t.TempDir()
	nt.dest = writeActivities(t, dir, n, nil)
	nt.events = filepath.Join(dir, "events.jsonl")
	nt.marker = fmt.Sprintf("CLIODEST_TEST_MARK=nightly-%d-%d", os.Getpid(), time.Now().UnixNano())
	path := filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	nt.env = append(cleanEnviron("DBUS_SESSION_BUS_ADDRESS", "PATH"), "PATH="+path,
		"CLIODEST_CONFIG_DIR="+filepath.Join(t.TempDir(), "config"), nt.marker)
	return nt
}

// login saves the credential "firm" for the sandbox: in the insecure file,
// since there is no session bus (and so no keyring) here.
func (nt *nightly) login() (token string) {
	nt.t.Helper()
	token, _ = nt.sb.IssueToken()
	code, out := nt.cliodest(token+"\n", "--base-url", nt.srv.url(), "login", "--name", "firm", "--token-stdin", "--insecure-storage")
	if code != 0 {
		nt.t.Fatalf("login: exit %d\n%s", code, out)
	}
	return token
}

// cliodest runs the binary as the script would; it returns the exit code
// and both streams.
func (nt *nightly) cliodest(stdin string, args ...string) (int, string) {
	nt.t.Helper()
	c := exec.Command(nt.bin, args...)
	c.Env = nt.env
	c.Stdin = strings.NewReader(stdin)
	out, _ := c.CombinedOutput()
	return c.ProcessState.ExitCode(), string(out)
}

// script runs the nightly script once: its exit code, its verdict line and
// the events it collected. No process it started may outlive it.
func (nt *nightly) script() (code int, verdict string, events []map[string]any) {
	nt.t.Helper()
	_ = os.Remove(nt.events)
	c := exec.Command("sh", filepath.Join("testdata", "nightly.sh"), "firm", nt.dest, nt.events)
	c.Env = nt.env
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	_ = c.Run()
	code = c.ProcessState.ExitCode()
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "nightly: ") {
			verdict = strings.TrimPrefix(line, "nightly: ")
		}
	}
	if f, err := os.Open(nt.events); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var ev map[string]any
			if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
				nt.t.Errorf("events: a line that is not JSON: %q", sc.Text())
				continue
			}
			events = append(events, ev)
		}
	}
	if left := processesWith(nt.t, nt.marker); len(left) > 0 {
		nt.t.Errorf("the nightly script left %d process(es) running: %s", len(left), strings.Join(left, ", "))
	}
	nt.t.Logf("nightly script: exit %d (%s)\n%s", code, verdict, out.String())
	return code, verdict, events
}

// accounted checks that every record is delivered once or reported with
// its state: the objects the sandbox created are the ledger's delivered
// records plus at most those in doubt (a create whose answer was lost),
// so none was created twice; nothing is left in flight; status counts the
// rest as not delivered.
func (nt *nightly) accounted() (delivered int) {
	nt.t.Helper()
	code, out := nt.cliodest("", "status", "--json", nt.dest)
	if code != 0 {
		nt.t.Fatalf("status: exit %d\n%s", code, out)
	}
	var rep statusReport
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &rep); err != nil {
		nt.t.Fatalf("status --json: %v\n%s", err, out)
	}
	delivered, inDoubt := rep.Counts[ledger.Delivered], rep.Counts[ledger.InDoubt]
	if created := nt.sb.Created("activities"); created < delivered || created > delivered+inDoubt {
		nt.t.Errorf("the sandbox created %d activities, the ledger holds %d delivered and %d in doubt", created, delivered, inDoubt)
	}
	if rep.Counts[ledger.InFlight] != 0 {
		nt.t.Errorf("%d record(s) left in flight", rep.Counts[ledger.InFlight])
	}
	if rep.NotDelivered == nil || *rep.NotDelivered != nt.n-delivered {
		nt.t.Errorf("status: not_delivered %v, want %d", rep.NotDelivered, nt.n-delivered)
	}
	return delivered
}

func countEvents(events []map[string]any, name string) int {
	n := 0
	for _, ev := range events {
		if ev["event"] == name {
			n++
		}
	}
	return n
}

func lastEvent(events []map[string]any, name string) map[string]any {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i]["event"] == name {
			return events[i]
		}
	}
	return nil
}

// TestNightlyScript runs the nightly script of issue 25 (credentials
// check, validate, activate --json, retry --in-doubt after exit 1, a
// verdict from the exit code alone) through a firm's bad days, against the
// sandbox, with the built binary: a refused token, a dead server, 30 %
// faults, a pause, a key edit while paused, a refused login without a
// session bus.
func TestNightlyScript(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs a POSIX shell")
	}
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc to find surviving processes")
	}
	bin := buildCliodest(t)
	const n = 60

	t.Run("a good night", func(t *testing.T) {
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1}, nil)
		nt.login()
		code, verdict, events := nt.script()
		if code != exitOK || verdict != "ok" {
			t.Fatalf("exit %d (%s)", code, verdict)
		}
		if fin := lastEvent(events, "finished"); fin == nil || fin["delivered"] != float64(n) || fin["total"] != float64(n) {
			t.Errorf("finished: %v", fin)
		}
		if nt.accounted() != n || nt.sb.Created("activities") != n {
			t.Errorf("%d activities in the sandbox, want every record once (%d)", nt.sb.Created("activities"), n)
		}
	})

	t.Run("bad token", func(t *testing.T) {
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1}, nil)
		token := nt.login()
		host, _ := clio.ParseBaseURL(nt.srv.url())
		if err := clio.Deauthorize(context.Background(), host, token); err != nil {
			t.Fatal(err)
		}
		code, verdict, _ := nt.script()
		if code != exitStopped || !strings.HasPrefix(verdict, "stopped early") {
			t.Fatalf("exit %d (%s), want %d: stopped early", code, verdict, exitStopped)
		}
		if nt.accounted() != 0 {
			t.Errorf("records delivered with a refused token")
		}
	})

	t.Run("dead server", func(t *testing.T) {
		const killAfter = 20
		var posts atomic.Int32
		var once sync.Once
		killed := make(chan struct{})
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1}, func(nt *nightly, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/activities.json") && posts.Add(1) > killAfter {
					once.Do(func() { go func() { nt.srv.kill(); close(killed) }() })
				}
				h.ServeHTTP(w, r)
			})
		})
		nt.login()
		code, verdict, events := nt.script()
		if code != exitStopped || !strings.HasPrefix(verdict, "stopped early") {
			t.Fatalf("exit %d (%s), want %d: stopped early", code, verdict, exitStopped)
		}
		fin := lastEvent(events, "finished")
		if fin == nil || fin["stopped"] == nil || fin["failed"] != float64(0) {
			t.Errorf("finished after the server died: %v", fin)
		}
		if countEvents(events, "record_failed") != 0 {
			t.Errorf("%d record_failed events: records that never reached Clio are pending, not failed", countEvents(events, "record_failed"))
		}
		before := nt.accounted()
		if before >= n {
			t.Fatalf("every record delivered although the server died after %d", killAfter)
		}

		<-killed
		nt.srv.start() // the server is back the next night
		code, verdict, _ = nt.script()
		if code != exitOK {
			t.Fatalf("the next night: exit %d (%s)", code, verdict)
		}
		if nt.accounted() != n || nt.sb.Created("activities") != n {
			t.Errorf("the next night: %d activities in the sandbox, want every record once (%d)", nt.sb.Created("activities"), n)
		}
	})

	t.Run("30% faults", func(t *testing.T) {
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1, Faults: sandbox.Faults{Seed: 25, ErrorRate: 0.3}}, nil)
		nt.login()
		var codes []int
		// Each night retries what is in doubt once; 30 % of those sends fail again,
		// so the figure shrinks geometrically: 60 → ~18 → ~5 → ~2 → …
		for range 12 {
			code, verdict, events := nt.script()
			codes = append(codes, code)
			if code != exitOK && code != exitFailed && code != exitStopped {
				t.Fatalf("exit %d (%s): not a code a bad day should give", code, verdict)
			}
			if f := countEvents(events, "record_failed"); f != 0 {
				t.Errorf("%d record_failed events: server faults leave records in doubt or retried, not failed", f)
			}
			if fin := lastEvent(events, "finished"); fin != nil && fin["in_doubt"] != float64(countEvents(events, "record_in_doubt")) &&
				countEvents(events, "finished") == 1 {
				t.Errorf("finished says %v in doubt, %d record_in_doubt events", fin["in_doubt"], countEvents(events, "record_in_doubt"))
			}
			nt.accounted()
			if code == exitOK {
				break
			}
		}
		if codes[len(codes)-1] != exitOK {
			t.Fatalf("the script never reached exit 0: %v", codes)
		}
		if nt.accounted() != n || nt.sb.Created("activities") != n {
			t.Errorf("%d activities in the sandbox, want every record once (%d)", nt.sb.Created("activities"), n)
		}
		t.Logf("exit codes night after night: %v", codes)
	})

	t.Run("a pause", func(t *testing.T) {
		const limit, pauseAfter = 10, 5
		var posts atomic.Int32
		var once sync.Once
		paused := make(chan struct{})
		// 10 requests a minute: the pause comes within the first window, and
		// the run is held for the next one when it sees the pause.
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: limit}, func(nt *nightly, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(w, r)
				if r.Method == http.MethodPost && posts.Add(1) == pauseAfter {
					once.Do(func() {
						go func() {
							if code, out := nt.cliodest("", "pause", nt.dest); code != 0 || !strings.Contains(out, "paused") {
								t.Errorf("pause: exit %d: %s", code, out)
							}
							close(paused)
						}()
					})
				}
			})
		})
		nt.login()
		code, verdict, events := nt.script()
		<-paused
		if code != exitStopped || !strings.HasPrefix(verdict, "stopped early") {
			t.Fatalf("exit %d (%s), want %d: stopped early", code, verdict, exitStopped)
		}
		delivered := nt.accounted()
		fin := lastEvent(events, "finished")
		if fin == nil || fin["paused"] != true || fin["total"] != float64(n) || fin["not_sent"] != float64(n-delivered) {
			t.Errorf("finished after the pause: %v; want total %d, not_sent %d", fin, n, n-delivered)
		}
	})

	t.Run("a key edit while paused", func(t *testing.T) {
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1}, nil)
		nt.login()
		if code, verdict, _ := nt.script(); code != exitOK {
			t.Fatalf("first night: exit %d (%s)", code, verdict)
		}
		if code, out := nt.cliodest("", "pause", nt.dest); code != 0 {
			t.Fatalf("pause: exit %d: %s", code, out)
		}
		d, err := flow.Load(nt.dest)
		if err != nil {
			t.Fatal(err)
		}
		d.Nexset.Key = "" // records would get new keys: every one would go again
		if err := flow.Save(nt.dest, d); err != nil {
			t.Fatal(err)
		}
		code, verdict, _ := nt.script()
		if code != exitFailed || !strings.HasPrefix(verdict, "attention") {
			t.Fatalf("exit %d (%s), want %d: a changed key is for a person to settle", code, verdict, exitFailed)
		}
		if c := nt.sb.Created("activities"); c != n {
			t.Errorf("the sandbox holds %d activities after the key edit, want %d (none sent twice)", c, n)
		}
		nt.accounted()
	})

	t.Run("refused login, no session bus", func(t *testing.T) {
		nt := newNightly(t, bin, n, sandbox.Config{RateLimit: -1}, nil)
		token, _ := nt.sb.IssueToken()
		code, out := nt.cliodest(token+"\n", "--base-url", nt.srv.url(), "login", "--name", "firm", "--token-stdin")
		if code != exitFailed || !strings.Contains(out, "no usable OS keyring") {
			t.Fatalf("login without a bus: exit %d\n%s", code, out)
		}
		if left := processesWith(t, nt.marker); len(left) > 0 {
			t.Errorf("login left %d process(es) running: %s", len(left), strings.Join(left, ", "))
		}
		code, verdict, _ := nt.script()
		if code != exitFailed || !strings.HasPrefix(verdict, "attention") {
			t.Fatalf("exit %d (%s), want %d: no credential saved is for a person to fix", code, verdict, exitFailed)
		}
		if nt.accounted() != 0 {
			t.Errorf("records delivered without a credential")
		}
	})
}
