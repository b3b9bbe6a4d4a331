package session

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// testSandbox is a sandbox behind a test server, with the requests it saw.
type testSandbox struct {
	sb    *sandbox.Server
	host  clio.Host
	token string
	srv   *httptest.Server

	mu      sync.Mutex
	agents  map[string]int // User-Agent → requests
	apiKeys map[string]int // X-Api-Key → requests that carried it
	posts   int
	onPost  func(n int) // called after the n-th POST is answered
}

func newTestSandbox(t *testing.T, cfg sandbox.Config) *testSandbox {
	t.Helper()
	ts := &testSandbox{sb: sandbox.New(cfg), agents: map[string]int{}, apiKeys: map[string]int{}}
	ts.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.agents[r.UserAgent()]++
		if k := r.Header.Get("X-Api-Key"); k != "" {
			ts.apiKeys[k]++
		}
		ts.mu.Unlock()
		ts.sb.ServeHTTP(w, r)
		if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/api/") {
			ts.mu.Lock()
			ts.posts++
			n, f := ts.posts, ts.onPost
			ts.mu.Unlock()
			if f != nil {
				f(n)
			}
		}
	}))
	t.Cleanup(ts.srv.Close)
	h, err := clio.ParseBaseURL(ts.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ts.host = h
	ts.token, _ = ts.sb.IssueToken()
	return ts
}

// session is a Session that sends CLIODEST_TOKEN to the sandbox.
func (ts *testSandbox) session() *Session {
	return &Session{Token: ts.token, BaseURL: ts.host, HasBaseURL: true, UserAgent: "cliodest/test", HTTPClient: ts.srv.Client()}
}

func (ts *testSandbox) userAgents() map[string]int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := map[string]int{}
	for k, v := range ts.agents {
		out[k] = v
	}
	return out
}

// writeActivities writes n records and a paused Create Activity
// destination in dir, and returns the destination file.
func writeActivities(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{"id":"R%d","date":"2024-03-04","hours":0.5,"note":"record R%d","matter_id":3001}`+"\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	d := flow.New("activities")
	d.Nexset = flow.NexsetRef{Path: "records.jsonl", Key: "id"}
	d.Endpoint = flow.Endpoint{Template: "create_activity"}
	d.Mapping = []flow.Mapping{
		{Target: "type", Value: "TimeEntry", Const: true},
		{Target: "date", Source: "date", Convert: "date"},
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "note", Source: "note"},
		{Target: "matter.id", Source: "matter_id", Convert: "integer"},
	}
	off := false
	d.Passthrough = &off
	path := filepath.Join(dir, "activities.yaml")
	if err := flow.Save(path, d); err != nil {
		t.Fatal(err)
	}
	return path
}

// pause is what cliodest pause does to the file.
func pause(t *testing.T, file string) {
	t.Helper()
	d, err := flow.Load(file)
	if err != nil {
		t.Error(err)
		return
	}
	d.Status = flow.StatusPaused
	if err := flow.Save(file, d); err != nil {
		t.Error(err)
	}
}
