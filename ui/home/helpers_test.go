package home

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/samples"
)

// folder is a folder of destination files in several states:
//   - expenses.yaml: activated; 3 delivered, 1 failed, 1 in doubt;
//   - time.yaml: never activated, its credential "nobody" not saved;
//   - broken.yaml: an unknown template on line 11;
//   - tasks.yaml: paused, beside a ledger of another destination;
//   - updates.yaml: being delivered by process 1 (from another shell).
func folder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, err := fs.Glob(samples.FS(), "*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".go") {
			continue
		}
		data, _ := fs.ReadFile(samples.FS(), n)
		must(t, os.WriteFile(filepath.Join(dir, n), data, 0o600))
	}
	copySample(t, dir, "expenses.yaml", "expenses.yaml", strings.NewReplacer("status: paused", "status: active"))
	copySample(t, dir, "time-entries.yaml", "time.yaml", strings.NewReplacer("credential: firm", "credential: nobody"))
	copySample(t, dir, "time-entries.yaml", "broken.yaml", strings.NewReplacer("template: create_activity", "template: create_activty",
		"id: 1d578f81badba3768ab152bdcd13cb24", "id: 1d578f81badba3768ab152bdcd13cb25"))
	copySample(t, dir, "new-tasks.yaml", "tasks.yaml", nil)
	copySample(t, dir, "task-updates.yaml", "updates.yaml", nil)
	must(t, os.WriteFile(filepath.Join(dir, "notes.yaml"), []byte("title: not a destination\n"), 0o600))

	exp := filepath.Join(dir, "expenses.yaml")
	l := openLedger(t, exp, "")
	run, err := l.StartRun(ledger.ModeActivate)
	must(t, err)
	var es []ledger.Entry
	var outs []ledger.Outcome
	for i, k := range []string{"EX-1", "EX-2", "EX-3", "EX-4", "EX-5"} {
		es = append(es, ledger.Entry{Key: k, Pos: i + 1, Line: i + 1, Method: "POST", URL: "https://app.clio.com/api/v4/activities.json"})
		outs = append(outs, ledger.Outcome{Key: k, State: ledger.Delivered, HTTPStatus: 201, ClioID: int64(100 + i)})
	}
	outs[3] = ledger.Outcome{Key: "EX-4", State: ledger.Failed, HTTPStatus: 422, ErrType: "validation", ErrMessage: "date: is not a valid date"}
	outs[4] = ledger.Outcome{Key: "EX-5", State: ledger.InDoubt, ErrType: "timeout", ErrMessage: "no answer within 30s"}
	must(t, l.MarkInFlight(es))
	must(t, l.Record(outs))
	must(t, l.FinishRun(run, ledger.RunSummary{Records: 5, Delivered: 3, Failed: 1, InDoubt: 1, Requests: 5}))
	must(t, l.Close())

	foreign := openLedger(t, filepath.Join(dir, "tasks.yaml"), "someone-else")
	must(t, foreign.Close())

	upd := filepath.Join(dir, "updates.yaml")
	must(t, openLedger(t, upd, "").Close())
	must(t, os.WriteFile(deliver.LockPath(ledger.DefaultPath(upd)), []byte(`{"pid":1,"host":"`+hostname()+`","started":"2026-01-01T00:00:00Z"}`), 0o600))
	return dir
}

func hostname() string {
	h, _ := os.Hostname()
	return h
}

func copySample(t *testing.T, dir, from, to string, r *strings.Replacer) {
	t.Helper()
	data, err := fs.ReadFile(samples.FS(), from)
	must(t, err)
	s := string(data)
	if r != nil {
		s = r.Replace(s)
	}
	must(t, os.WriteFile(filepath.Join(dir, to), []byte(s), 0o600))
}

// openLedger opens the ledger of the destination file path (for another
// destination's id when id is set).
func openLedger(t *testing.T, path, id string) *ledger.Ledger {
	t.Helper()
	d, err := flow.Load(path)
	must(t, err)
	if id == "" {
		id = d.ID
	}
	l, err := ledger.Open(ledger.DefaultPath(path), ledger.Identity{ID: id, Name: d.Name})
	must(t, err)
	return l
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// savedCreds says every credential but "nobody" is saved.
type savedCreds struct{}

func (savedCreds) Get(name string) (cred.Credential, error) {
	if name == "nobody" {
		return cred.Credential{}, &cred.NotFoundError{Name: name}
	}
	return cred.Credential{Name: name}, nil
}

// fakeRun stands in for the engine: each run announces its request, then
// applies the events the test sends (acknowledging each once drawn into
// the run's state) until the test ends it.
type fakeRun struct {
	reqs    chan RunRequest
	events  chan deliver.Event
	applied chan struct{}
	end     chan deliver.Summary
}

func newFakeRun() *fakeRun {
	return &fakeRun{reqs: make(chan RunRequest, 4), events: make(chan deliver.Event), applied: make(chan struct{}), end: make(chan deliver.Summary)}
}

func (f *fakeRun) run(ctx context.Context, req RunRequest, ev func(deliver.Event)) (deliver.Summary, error) {
	f.reqs <- req
	for {
		select {
		case e := <-f.events:
			ev(e)
			f.applied <- struct{}{}
		case s := <-f.end:
			return s, nil
		case <-ctx.Done():
			return deliver.Summary{Paused: true}, ctx.Err()
		}
	}
}

// req is the next run's request; a run that never starts fails the test.
func (f *fakeRun) req(t *testing.T) RunRequest {
	t.Helper()
	select {
	case r := <-f.reqs:
		return r
	case <-time.After(time.Minute): // generous: a loaded machine under -race is slow, never this slow
		t.Fatal("no run started")
		return RunRequest{}
	}
}

// send hands the run an event and waits until its state holds it.
func (f *fakeRun) send(e deliver.Event) {
	f.events <- e
	<-f.applied
}

// newTestModel is the home on dir at w×h, every row read.
func newTestModel(t *testing.T, dir string, run Runner, w, h int) *model {
	t.Helper()
	o := Options{Dir: dir, Creds: savedCreds{}, Run: run, Location: time.UTC, Refresh: time.Hour,
		Wizard: func(context.Context, string) error { return nil }}
	rows, err := scan(dir)
	must(t, err)
	rs := newRuns()
	t.Cleanup(rs.stopAll)
	m := newModel(t.Context(), o, rows, rs)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	loadAll(t, m)
	return m
}

// loadAll runs refreshes until every row has been read.
func loadAll(t *testing.T, m *model) {
	t.Helper()
	for range 100 {
		cmd := m.refresh()
		if cmd == nil {
			t.Fatal("a refresh is already under way")
		}
		m.Update(cmd())
		done := true
		for _, r := range m.rows {
			done = done && r.glanced
		}
		if done {
			return
		}
	}
	t.Fatal("rows still unread after 100 refreshes")
}

// press sends keys and returns the last command.
func press(m *model, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = m.Update(keyMsg(k))
	}
	return cmd
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"space": {Code: tea.KeySpace, Text: " "}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "end": {Code: tea.KeyEnd}, "home": {Code: tea.KeyHome},
	}
	if n, ok := named[k]; ok {
		return tea.KeyPressMsg(n)
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// frame is the screen without styles.
func frame(m *model) string { return ansi.Strip(m.View().Content) }

// selectRow moves the cursor to the row of file name.
func selectRow(t *testing.T, m *model, name string) {
	t.Helper()
	press(m, "home")
	for range m.rows {
		if r := m.selected(); r != nil && filepath.Base(r.path) == name {
			return
		}
		press(m, "down")
	}
	t.Fatalf("no row for %s", name)
}
