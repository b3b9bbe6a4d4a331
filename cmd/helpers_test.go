package cmd

// Helpers the command tests share: a Factory over buffers, a sandbox that
// logs what it was sent, destinations with their Nexsets, and a command's
// flags parsed without running it.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// testIO is a Factory wired to buffers and a fake environment. Other
// commands' tests use it too.
type testIO struct {
	f           *Factory
	out, errOut *syncBuffer
}

// newTestFactory builds a Factory whose streams are buffers and whose
// environment is env only (nil: empty).
func newTestFactory(t *testing.T, env map[string]string) *testIO {
	t.Helper()
	tio := &testIO{out: &syncBuffer{}, errOut: &syncBuffer{}}
	tio.f = &Factory{
		In:     strings.NewReader(""),
		Out:    tio.out,
		ErrOut: tio.errOut,
		Env:    func(k string) string { return env[k] },
	}
	tio.f.fillDefaults()
	return tio
}

// syncBuffer is a bytes.Buffer safe for a command writing in one goroutine
// while the test reads in another.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sbLog is the sandbox's request log, readable while it is written.
type sbLog struct{ sandbox.LogRecorder }

// entries reads the sandbox's request log so far.
func (l *sbLog) entries(t *testing.T) []sandbox.LogEntry {
	t.Helper()
	es, err := l.Entries()
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// createsPerNote counts the creates the sandbox accepted, per note.
func (l *sbLog) createsPerNote(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range l.entries(t) {
		if e.Method != http.MethodPost || e.ID == 0 {
			continue
		}
		var body struct {
			Data struct{ Note string } `json:"data"`
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		out[body.Data.Note]++
	}
	return out
}

// deliverSandbox serves a sandbox on loopback; wrap, when given, sees every
// request first.
type deliverSandbox struct {
	sb    *sandbox.Server
	url   string
	token string
	log   *sbLog
}

func newDeliverSandbox(t *testing.T, cfg sandbox.Config, wrap func(http.Handler) http.Handler) *deliverSandbox {
	t.Helper()
	ds := &deliverSandbox{log: &sbLog{}}
	cfg.Log = ds.log
	ds.sb = sandbox.New(cfg)
	var h http.Handler = ds.sb
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ds.url = srv.URL
	ds.token, _ = ds.sb.IssueToken()
	return ds
}

func (ds *deliverSandbox) env(t *testing.T) map[string]string {
	return map[string]string{"CLIODEST_BASE_URL": ds.url, "CLIODEST_TOKEN": ds.token, "CLIODEST_CONFIG_DIR": t.TempDir()}
}

// writeActivities writes n records (record i's note is "record Ri") and a
// Create Activity destination; bad records name a matter that does not exist.
func writeActivities(t *testing.T, dir string, n int, bad func(int) bool) string {
	t.Helper()
	writeActivityRecords(t, dir, n, bad)
	path := filepath.Join(dir, "activities.yaml")
	if err := flow.Save(path, activitiesDestination("activities")); err != nil {
		t.Fatal(err)
	}
	return path
}

// activitiesDestination is a Create Activity destination of records.jsonl
// keyed by id, with the records' attributes mapped and nothing passed through.
func activitiesDestination(name string) *flow.Destination {
	d := flow.New(name)
	d.Nexset = flow.NexsetRef{Path: "records.jsonl", Key: "id"}
	d.Credential = "firm"
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
	return d
}

func writeActivityRecords(t *testing.T, dir string, n int, bad func(int) bool) {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		matter := 3001
		if bad != nil && bad(i) {
			matter = 999999
		}
		fmt.Fprintf(&b, `{"id":"R%d","date":"2024-03-04","hours":0.5,"note":"record R%d","matter_id":%d}`+"\n", i, i, matter)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// sampleCopy copies the sample destination name and its Nexset from
// samples/ into a temporary directory, byte for byte, and returns the
// copy's path: what a command writes beside it (the ledger, a response
// file) stays out of the repository.
func sampleCopy(t *testing.T, name string) string {
	t.Helper()
	d, err := flow.Load(filepath.Join(samplesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{name, d.Nexset.Path} {
		data, err := os.ReadFile(filepath.Join(samplesDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, name)
}

// parsed builds a command with a run function that captures its options,
// and runs it on args with the environment env: the options (nil when the
// command refused its flags or arguments before running) and the error.
func parsed[O any](t *testing.T, env map[string]string, newCmd func(*Factory, ...runFunc[O]) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	var got *O
	c := newCmd(newTestFactory(t, env).f, func(_ context.Context, o *O) error {
		got = o
		return nil
	})
	c.SetArgs(args)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	return got, c.Execute()
}

// wantParsed checks that the command ran with exactly want.
func wantParsed[O any](t *testing.T, got *O, err error, want O) {
	t.Helper()
	if err != nil || got == nil {
		t.Fatalf("err %v, ran %v", err, got != nil)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("options\n %+v\nwant\n %+v", *got, want)
	}
}

// refused checks that the command refused its flags without running.
func refused[O any](t *testing.T, got *O, err error) {
	t.Helper()
	if err == nil || got != nil {
		t.Fatalf("err %v, ran %v", err, got != nil)
	}
}
