package deliver

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// hookReceiver is a response webhook endpoint: it answers each document's
// first posts with the statuses in fail (then 200), holding every answer
// until release is closed (or a minute passes, which the test reports).
type hookReceiver struct {
	fail    []int // statuses for a document's 1st, 2nd, … post; beyond: 200
	release chan struct{}

	mu       sync.Mutex
	posts    map[string]int // document (its records) → posts received
	bodies   []string
	heldUp   atomic.Bool
	accepted atomic.Int32
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	select {
	case <-h.release:
	case <-time.After(time.Minute): // generous: a loaded machine may take seconds for the 30 creates
		h.heldUp.Store(true) // Clio's deliveries did not finish while the webhook hung
	}
	var doc flow.WebhookDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		http.Error(w, "bad document", http.StatusBadRequest)
		return
	}
	id := fmt.Sprint(doc.Records)
	h.mu.Lock()
	h.posts[id]++
	n := h.posts[id]
	h.bodies = append(h.bodies, string(body))
	h.mu.Unlock()
	if n <= len(h.fail) {
		w.WriteHeader(h.fail[n-1])
		return
	}
	h.accepted.Add(1)
	w.WriteHeader(http.StatusOK)
}

// TestWebhookFailuresDoNotHoldUpDelivery: a response webhook that hangs
// and then fails does not slow delivery to Clio: every create completes
// while the webhook still holds its first document. A receiver that answers
// 500 once gets every document on the retry; one that always answers 500
// gets each document Attempts times, and the failures are counted in the
// summary and reported as events. The response file receives every
// document either way. Excluded attributes and the access token appear in
// no document.
func TestWebhookFailuresDoNotHoldUpDelivery(t *testing.T) {
	const n = 30
	const attempts = 3
	tests := []struct {
		name         string
		fail         []int
		wantFailures int
		wantPosts    int // per document
	}{
		{name: "500 then 200", fail: []int{500}, wantFailures: 0, wantPosts: 2},
		{name: "always 500", fail: []int{500, 500, 500}, wantFailures: n, wantPosts: attempts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hook := &hookReceiver{fail: tt.fail, release: make(chan struct{}), posts: map[string]int{}}
			hookSrv := httptest.NewServer(hook)
			defer hookSrv.Close()
			var releaseOnce sync.Once
			defer releaseOnce.Do(func() { close(hook.release) })

			e := startSandbox(t, sandbox.Config{RateLimit: -1})
			d, file := activityDest(t, n, nil)
			dir := filepath.Dir(file)
			// Each record also carries a secret attribute the destination excludes.
			addSecret(t, filepath.Join(dir, "records.jsonl"))
			d.Exclude = []string{"ssn"}
			d.ResponseWebhook = flow.WebhookCfg{Enabled: true, URL: hookSrv.URL, File: "responses.jsonl"}
			if err := flow.Save(file, d); err != nil {
				t.Fatal(err)
			}
			d, err := flow.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			sink, err := d.OpenWebhookSink(flow.WebhookOptions{Attempts: attempts, Backoff: func(int) time.Duration { return time.Millisecond }})
			if err != nil {
				t.Fatal(err)
			}
			defer sink.Close()
			l := openLedger(t, d, file)
			// Let the webhook answer once Clio has accepted every create.
			var created atomic.Int32
			client := clio.NewClient(clio.Options{Host: e.host, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.access}),
				HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					resp, err := http.DefaultTransport.RoundTrip(r)
					if err == nil && resp.StatusCode == http.StatusCreated && created.Add(1) == n {
						releaseOnce.Do(func() { close(hook.release) })
					}
					return resp, err
				})}})

			var mu sync.Mutex
			var hookEvents []string
			s := run(t, context.Background(), Options{Destination: d, Client: client, Ledger: l, Webhook: sink, Concurrency: 4,
				Events: func(ev Event) {
					switch ev := ev.(type) {
					case RecordFailed:
						t.Errorf("record failed: %+v", ev)
					case WebhookFailed:
						mu.Lock()
						hookEvents = append(hookEvents, ev.Message)
						mu.Unlock()
					}
				},
			})
			if hook.heldUp.Load() {
				t.Fatal("delivery to Clio waited for the response webhook")
			}
			if s.Delivered != n || s.Failed != 0 || e.sb.Created("activities") != n {
				t.Fatalf("summary %+v, created %d", s.RunSummary, e.sb.Created("activities"))
			}
			if s.WebhookFailures != tt.wantFailures || len(hookEvents) != tt.wantFailures {
				t.Errorf("webhook failures: summary %d, events %d, want %d", s.WebhookFailures, len(hookEvents), tt.wantFailures)
			}
			if tt.wantFailures > 0 && !strings.Contains(s.WebhookError, "status 500") {
				t.Errorf("summary's webhook error %q does not say why", s.WebhookError)
			}
			hook.mu.Lock()
			if len(hook.posts) != n {
				t.Errorf("webhook saw %d documents, want %d", len(hook.posts), n)
			}
			for id, c := range hook.posts {
				if c != tt.wantPosts {
					t.Errorf("document %s posted %d times, want %d", id, c, tt.wantPosts)
				}
			}
			bodies := append([]string(nil), hook.bodies...)
			hook.mu.Unlock()

			lines := readLines(t, filepath.Join(dir, "responses.jsonl"))
			if len(lines) != n {
				t.Errorf("response file holds %d documents, want %d", len(lines), n)
			}
			access := e.access
			for _, doc := range append(lines, bodies...) {
				if strings.Contains(doc, "ssn") || strings.Contains(doc, "123-45-") || strings.Contains(doc, access) {
					t.Fatalf("a document carries an excluded attribute or the token: %s", doc)
				}
			}
		})
	}
}

// addSecret adds an "ssn" attribute to every record of a JSON Lines file.
func addSecret(t *testing.T, path string) {
	t.Helper()
	var out strings.Builder
	for i, line := range readLines(t, path) {
		fmt.Fprintf(&out, `%s,"ssn":"123-45-%04d"}`+"\n", strings.TrimSuffix(line, "}"), i)
	}
	if err := os.WriteFile(path, []byte(out.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
