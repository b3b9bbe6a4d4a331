package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// lineWriter hands each complete line written to it to ch, so a test can
// wait for output instead of sleeping.
type lineWriter struct {
	mu      sync.Mutex
	partial []byte
	ch      chan string
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		w.ch <- string(w.partial[:i])
		w.partial = w.partial[i+1:]
	}
}

// shellUnquote undoes shellQuote, as a POSIX shell would.
func shellUnquote(t *testing.T, s string) string {
	t.Helper()
	if !strings.HasPrefix(s, "'") {
		return s
	}
	if !strings.HasSuffix(s, "'") || len(s) < 2 {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	return strings.ReplaceAll(s[1:len(s)-1], `'\''`, `'`)
}

// startSandbox runs `cliodest sandbox args...` in the background and returns
// the two exported values once they are printed, and a function that
// interrupts the sandbox and returns its exit code.
func startSandbox(t *testing.T, tio *testIO, args ...string) (baseURL, token string, stop func() int) {
	t.Helper()
	lines := &lineWriter{ch: make(chan string, 16)}
	tio.f.Out = lines
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, tio.f, append([]string{"sandbox"}, args...)) }()
	exports := map[string]string{}
	for len(exports) < 2 {
		select {
		case line := <-lines.ch:
			rest, ok := strings.CutPrefix(line, "export ")
			name, value, ok2 := strings.Cut(rest, "=")
			if !ok || !ok2 {
				cancel()
				t.Fatalf("stdout line %q is not an export line", line)
			}
			exports[name] = shellUnquote(t, value)
		case code := <-done:
			cancel()
			t.Fatalf("sandbox exited early with %d; stderr:\n%s", code, tio.errOut)
		}
	}
	stopped := false
	stop = func() int {
		if stopped {
			return -1
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return exports["CLIODEST_BASE_URL"], exports["CLIODEST_TOKEN"], stop
}

func TestSandboxServes(t *testing.T) {
	tio := newTestFactory(t, nil)
	logPath := filepath.Join(t.TempDir(), "sandbox.jsonl")
	base, token, stop := startSandbox(t, tio, "--addr", "127.0.0.1:0", "--log", logPath)

	if !strings.HasPrefix(base, "http://127.0.0.1:") || token == "" {
		t.Fatalf("exports: CLIODEST_BASE_URL=%q CLIODEST_TOKEN empty=%v", base, token == "")
	}
	note := tio.errOut.String()
	for _, want := range []string{"Jane Doe", "Ctrl-C", logPath, base} {
		if !strings.Contains(note, want) {
			t.Errorf("stderr note lacks %q:\n%s", want, note)
		}
	}
	if strings.Contains(note, token) {
		t.Errorf("stderr note shows the token")
	}

	call := func(method, path, body string) (int, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, b
	}

	status, body := call("GET", "/api/v4/users/who_am_i.json?fields=id,name,email", "")
	if status != http.StatusOK {
		t.Fatalf("who_am_i: status %d: %s", status, body)
	}
	var me struct {
		Data struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Email string `json:"email"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &me); err != nil {
		t.Fatalf("who_am_i body is not JSON: %v: %s", err, body)
	}
	if me.Data.ID != sandbox.UserJane || me.Data.Name == "" || me.Data.Email == "" {
		t.Fatalf("who_am_i = %+v, want the seeded user %d with name and email", me.Data, sandbox.UserJane)
	}

	status, body = call("POST", "/api/v4/tasks.json", `{"data":{"name":"Call the client","description":"About the lease"}}`)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("task without assignee: status %d, want 422: %s", status, body)
	}
	var apiErr struct {
		Error struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &apiErr); err != nil || apiErr.Error.Type == "" || !strings.Contains(apiErr.Error.Message, "assignee") {
		t.Fatalf("422 body = %s, want Clio's {\"error\":{\"type\",\"message\"}} naming assignee (%v)", body, err)
	}

	if code := stop(); code != exitInterrupted {
		t.Fatalf("interrupted sandbox exit code = %d, want %d; stderr:\n%s", code, exitInterrupted, tio.errOut)
	}
	logged, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(logged, []byte("who_am_i")) {
		t.Errorf("request log lacks the who_am_i request:\n%s", logged)
	}
	if bytes.Contains(logged, []byte(token)) {
		t.Errorf("request log contains the access token in clear")
	}
}

func TestSandboxPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tio := newTestFactory(t, nil)
	code := run(tio.f, []string{"sandbox", "--addr", l.Addr().String()})
	if code != exitFailed {
		t.Fatalf("exit code = %d, want %d; stderr:\n%s", code, exitFailed, tio.errOut)
	}
	if msg := tio.errOut.String(); !strings.Contains(msg, "already in use") || !strings.Contains(msg, l.Addr().String()) {
		t.Fatalf("stderr = %q, want it to say the address %s is in use", msg, l.Addr())
	}
	if tio.out.String() != "" {
		t.Fatalf("stdout = %q, want nothing when the sandbox did not start", tio.out)
	}
}

func TestSandboxBadFlags(t *testing.T) {
	missingDir := filepath.Join(t.TempDir(), "no", "such", "dir", "log.jsonl")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"fault rate above 1", []string{"--fault-rate", "1.5"}, 2, "--fault-rate 1.5 is out of range"},
		{"negative slow rate", []string{"--slow-rate=-0.1"}, 2, "--slow-rate -0.1 is out of range"},
		{"NaN drop rate", []string{"--drop-rate", "NaN"}, 2, "--drop-rate NaN is out of range"},
		{"rate limit below -1", []string{"--rate-limit=-2"}, 2, "--rate-limit -2 is out of range"},
		{"rate limit not a number", []string{"--rate-limit", "lots"}, 2, `invalid argument "lots"`},
		{"zero window", []string{"--rate-window", "0s"}, 2, "--rate-window 0s is out of range"},
		{"negative lifetime", []string{"--token-lifetime=-1h"}, 2, "--token-lifetime -1h0m0s is out of range"},
		{"negative slow delay", []string{"--slow-delay=-1s"}, 2, "--slow-delay -1s is out of range"},
		{"public address", []string{"--addr", "0.0.0.0:0"}, 2, "--allow-remote"},
		{"named host", []string{"--addr", "example.com:80"}, 2, "not a loopback address"},
		{"not host:port", []string{"--addr", "8765"}, 2, `--addr "8765" is not host:port`},
		{"port out of range", []string{"--addr", "127.0.0.1:99999"}, 2, `port "99999"`},
		{"port by name", []string{"--addr", "127.0.0.1:http"}, 2, `port "http"`},
		{"unwritable log", []string{"--addr", "127.0.0.1:0", "--log", missingDir}, 1, "--log file"},
		{"stray argument", []string{"now"}, 2, `unknown command "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, nil)
			code := run(tio.f, append([]string{"sandbox"}, tt.args...))
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if !strings.Contains(tio.errOut.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", tio.errOut, tt.wantErr)
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://127.0.0.1:8765", "http://127.0.0.1:8765"},
		{"abc.DEF-123_x", "abc.DEF-123_x"},
		{"a b", "'a b'"},
		{"it's", `'it'\''s'`},
		{"$HOME", "'$HOME'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("shellQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
