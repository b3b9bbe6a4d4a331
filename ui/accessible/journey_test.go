package accessible_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/samples"
	"github.com/cliodest/cliodest/ui/accessible"
)

// env is a sandbox, a directory with the samples, and options pointing at both.
type env struct {
	srv  *sandbox.Server
	dir  string
	opts accessible.Options
	out  *strings.Builder
	res  *strings.Builder
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := sandbox.New(sandbox.Config{RateLimit: -1})
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	access, _ := s.IssueToken()
	e := &env{srv: s, dir: dir, out: &strings.Builder{}, res: &strings.Builder{}}
	e.opts = accessible.Options{
		Out: e.out, Result: e.res, Token: access, BaseURL: host, HasBaseURL: true,
		StartDir: dir, SavePath: filepath.Join(dir, "destination.yaml"), HTTPClient: hs.Client(),
	}
	return e
}

func (e *env) run(t *testing.T, answers ...string) error {
	t.Helper()
	o := e.opts
	o.In = strings.NewReader(strings.Join(answers, "\n") + "\n")
	return accessible.Run(context.Background(), o)
}

// timeEntries is a whole journey: time-entries.csv, CLIODEST_TOKEN, Create
// Activity, suggestions accepted, internal_notes excluded, one test send,
// saved to save, activated when activate is "y".
func timeEntries(save, activate string) []string {
	return []string{
		"time-entries.csv", "", "entry_id", "", // Nexset, read as detected, key, time zone
		"1",         // credential: CLIODEST_TOKEN
		"1", "", "", // Create Activity, on_change and on_remove as their defaults
		"=TimeEntry", "", // type (constant), date (suggested work_date:date)
		"", "", "", "", "", // the other suggestions
		"",               // no other attribute
		"internal_notes", // exclude
		"", "",           // no webhook, no response file
		"y", "2", "1", "n", // test send record 2, keep its object, no more
		save, "", // save path, default name
		activate,
	}
}

func TestJourneySavesAndActivates(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml")
	if err := e.run(t, timeEntries(save, "y")...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatalf("saved file does not load: %v", err)
	}
	if d.Status != flow.StatusActive || d.Endpoint.Template != flow.CreateActivity || d.Nexset.Path != "time-entries.csv" ||
		d.Nexset.Key != "entry_id" || d.Name != "out" || strings.Join(d.Exclude, ",") != "internal_notes" {
		t.Errorf("saved destination = %+v", d)
	}
	got := map[string]string{}
	for _, m := range d.Mapping {
		got[m.Target] = m.String()
	}
	for target, want := range map[string]string{
		"type": "type=TimeEntry (constant)", "date": "date=work_date:date", "quantity": "quantity=hours:hours_to_seconds",
		"matter.id": "matter.id=matter_id", "note": "note=narrative",
	} {
		if got[target] != want {
			t.Errorf("mapping of %s = %q, want %q", target, got[target], want)
		}
	}
	records := countLines(t, filepath.Join(e.dir, "time-entries.csv")) - 1
	// The test's object is record 2's delivery: activation creates the others.
	if n := e.srv.Created("activities"); n != records {
		t.Errorf("sandbox created %d activities, want %d (one per record, record 2's by the test)\n%s", n, records, e.out)
	}
	for _, want := range []string{"records.", "Connected as", "Status: 201 (accepted)", "Sample payload 1:", "POST " + e.opts.BaseURL.APIBase() + "/activities.json"} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("screen lacks %q:\n%s", want, e.out)
		}
	}
	if want := "Delivered " + strconv.Itoa(records) + " of " + strconv.Itoa(records); !strings.Contains(e.res.String(), want) {
		t.Errorf("result = %q, want %q", e.res, want)
	}
	if strings.Contains(e.out.String(), e.opts.Token) {
		t.Error("the token was displayed")
	}
}

func TestJourneyReasksBadAnswers(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "paused.yaml")
	answers := []string{
		"missing.csv", "time-entries.csv", "",
		"no_such_attr", "", "Mars/Olympus", "",
		"7", "1",
		"1", "", "",
		"",                                       // type: flow's suggestion, =TimeEntry from the mapped hours
		"nowhere:date", "work_date:furlongs", "", // date: unknown source, unknown conversion, then the suggestion
		"", "", "", "", "",
		"",
		"bogus", "-", // exclude: unknown, then none
		"ftp://x", "-", "", // webhook: bad URL, then none; no file
		"n",
		save, "",
		"n",
	}
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("Run: %v\n%s", err, e.out)
	}
	screen := e.out.String()
	for _, want := range []string{
		"missing.csv", `"no_such_attr" is not an attribute`, `"Mars/Olympus" is not a time zone name`, `"7" is not a number from 1 to 1`,
		"required) [=TimeEntry]:", `"nowhere" is not an attribute`, "furlongs", `"bogus" is not an attribute`,
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	if n := strings.Count(screen, "Not accepted"); n < 8 {
		t.Errorf("%d answers refused, want 8:\n%s", n, screen)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != flow.StatusPaused || d.ResponseWebhook.Enabled || len(d.Exclude) != 0 {
		t.Errorf("saved destination = %+v", d)
	}
	if e.srv.Created("activities") != 0 {
		t.Error("something was sent although no test and no activation were asked for")
	}
	if !strings.Contains(e.res.String(), "cliodest activate "+save) {
		t.Errorf("result = %q, want the activate hint", e.res)
	}
}

func TestJourneyEndingEarlyAborts(t *testing.T) {
	e := newEnv(t)
	err := e.run(t, "time-entries.csv", "entry_id", "1")
	if !errors.Is(err, accessible.ErrAborted) {
		t.Fatalf("Run = %v, want ErrAborted", err)
	}
	if _, err := os.Stat(e.opts.SavePath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a destination was saved by an aborted journey: %v", err)
	}
}

func TestJourneyCancelledWhileWaiting(t *testing.T) {
	e := newEnv(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer r.Close()
	o := e.opts
	o.In = r
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- accessible.Run(ctx, o) }()
	cancel()
	if err := <-done; !errors.Is(err, accessible.ErrAborted) {
		t.Fatalf("Run after cancel = %v, want ErrAborted", err)
	}
}

func TestNoCredentialIsAClearError(t *testing.T) {
	e := newEnv(t)
	e.opts.Token = ""
	err := e.run(t, "time-entries.csv", "", "", "", "")
	if err == nil || !strings.Contains(err.Error(), "cliodest login") {
		t.Fatalf("Run = %v, want an error pointing at cliodest login", err)
	}
}

func TestEditKeepsChoicesAsDefaults(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml")
	if err := e.run(t, timeEntries(save, "n")...); err != nil {
		t.Fatalf("first Run: %v\n%s", err, e.out)
	}
	before, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	e.opts.EditPath = save
	// Enter everywhere: every default is the saved value.
	answers := []string{"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "n", "", "", "n"}
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("edit Run: %v\n%s", err, e.out)
	}
	after, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := flow.Marshal(before)
	a, _ := flow.Marshal(after)
	if string(a) != string(b) {
		t.Errorf("accepting every default changed the file:\nbefore:\n%s\nafter:\n%s", b, a)
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.TrimRight(string(data), "\n"), "\n") + 1
}
