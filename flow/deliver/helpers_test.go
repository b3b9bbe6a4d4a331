package deliver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
)

// syncBuffer is the sandbox's request log, read while the server writes.
type syncBuffer struct{ sandbox.LogRecorder }

func (s *syncBuffer) entries(t *testing.T) []sandbox.LogEntry {
	t.Helper()
	es, err := s.Entries()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

type env struct {
	access string // the client's access token
	sb     *sandbox.Server
	host   clio.Host
	client *clio.Client
	log    *syncBuffer
}

func startSandbox(t testing.TB, cfg sandbox.Config) *env {
	t.Helper()
	log := &syncBuffer{}
	cfg.Log = log
	sb := sandbox.New(cfg)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	c := clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}),
		HTTPClient: srv.Client()})
	return &env{access: access, sb: sb, host: h, client: c, log: log}
}

// copySample copies a sample destination and its Nexset into a temporary
// directory and loads it from there.
func copySample(t *testing.T, name string) (*flow.Destination, string) {
	t.Helper()
	src := filepath.Join("..", "..", "samples", name)
	d, err := flow.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	data, err := os.ReadFile(d.NexsetPath())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(d.Nexset.Path)), data, 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, name)
	if err := flow.Save(dest, d); err != nil {
		t.Fatal(err)
	}
	d, err = flow.Load(dest)
	if err != nil {
		t.Fatal(err)
	}
	return d, dest
}

// activityDest writes n time-entry records and a Create Activity
// destination for them; each record's note carries its number, so the
// sandbox log shows which record every create came from.
func activityDest(t *testing.T, n int, bad func(i int) bool) (*flow.Destination, string) {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		matter := 3001
		if bad != nil && bad(i) {
			matter = 999999 // no such matter: Clio refuses it
		}
		fmt.Fprintf(&b, `{"id":"R%d","date":"2024-03-04","hours":1.5,"note":"record R%d","matter_id":%d}`+"\n", i, i, matter)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return activityDestOn(t, dir, "records.jsonl")
}

// activityDestOn writes a Create Activity destination, keyed by id, for the
// Nexset file nexset (id, date, hours, note, matter_id) already in dir.
func activityDestOn(t *testing.T, dir, nexset string) (*flow.Destination, string) {
	t.Helper()
	d := flow.New("activities")
	d.Nexset = flow.NexsetRef{Path: nexset, Key: "id"}
	d.Credential = "firm"
	d.Endpoint = flow.Endpoint{Template: "create_activity"}
	d.Mapping = []flow.Mapping{
		{Target: "type", Value: "TimeEntry", Const: true},
		{Target: "date", Source: "date", Convert: "date"},
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "note", Source: "note"},
		{Target: "matter.id", Source: "matter_id", Convert: "integer"},
	}
	f := false
	d.Passthrough = &f
	path := filepath.Join(dir, "activities.yaml")
	return saveDest(t, d, path), path
}

// saveDest saves d at path and loads it back, as a command would.
func saveDest(t testing.TB, d *flow.Destination, path string) *flow.Destination {
	t.Helper()
	if err := flow.Save(path, d); err != nil {
		t.Fatal(err)
	}
	d, err := flow.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func openLedgerB(b *testing.B, d *flow.Destination, destFile string) *ledger.Ledger {
	b.Helper()
	l, err := ledger.Open(ledger.DefaultPath(destFile), ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	return l
}

func openLedger(t *testing.T, d *flow.Destination, destFile string) *ledger.Ledger {
	t.Helper()
	l, err := ledger.Open(ledger.DefaultPath(destFile), ledger.Identity{ID: d.ID, Name: d.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func run(t *testing.T, ctx context.Context, o Options) Summary {
	t.Helper()
	if o.Backoff == (Backoff{}) {
		o.Backoff = Backoff{Base: 5 * time.Millisecond, Max: 50 * time.Millisecond}
	}
	s, err := Run(ctx, o)
	if err != nil {
		t.Fatalf("run: %v (summary %+v)", err, s)
	}
	return s
}

// creates counts the accepted creates in the sandbox log per note.
func creates(t *testing.T, log *syncBuffer) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, note := range createdNotes(t, log) {
		out[note]++
	}
	return out
}

// createdNotes maps each object the sandbox created to its note.
func createdNotes(t *testing.T, log *syncBuffer) map[int64]string {
	t.Helper()
	out := map[int64]string{}
	for _, e := range log.entries(t) {
		if e.Method != "POST" || e.ID == 0 {
			continue
		}
		var body struct {
			Data struct {
				Note string `json:"note"`
			} `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatalf("log body %s: %v", e.Body, err)
		}
		out[e.ID] = body.Data.Note
	}
	return out
}

// sandboxBefore serves a sandbox that calls before with the number of each
// request (from 1) before answering it, and returns a client for it.
func sandboxBefore(t *testing.T, cfg sandbox.Config, before func(n int)) (*sandbox.Server, *clio.Client) {
	t.Helper()
	sb := sandbox.New(cfg)
	var mu sync.Mutex
	served := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served++
		n := served
		mu.Unlock()
		before(n)
		sb.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h, err := clio.ParseBaseURL(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	return sb, clio.NewClient(clio.Options{Host: h, TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: access}), HTTPClient: srv.Client()})
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// updateDestOn writes an Update Activity destination, keyed by
// activity_id, for the Nexset file nexset (activity_id, hours, narrative)
// in dir, saved as dir/updates.yaml.
func updateDestOn(t *testing.T, dir, nexset string) *flow.Destination {
	t.Helper()
	d := flow.New("updates")
	d.Nexset = flow.NexsetRef{Path: nexset, Key: "activity_id"}
	d.Credential = "firm"
	d.Endpoint = flow.Endpoint{Template: "update_activity", ID: "{record.activity_id}"}
	d.Mapping = []flow.Mapping{
		{Target: "quantity", Source: "hours", Convert: "hours_to_seconds"},
		{Target: "note", Source: "narrative"},
	}
	f := false
	d.Passthrough = &f
	path := filepath.Join(dir, "updates.yaml")
	if err := flow.Save(path, d); err != nil {
		t.Fatal(err)
	}
	d, err := flow.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
