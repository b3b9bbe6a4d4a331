package home

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// The home lists every destination file (and no other YAML) with its
// state and counts, and says what is wrong with the one selected.
func TestHomeListsEveryState(t *testing.T) {
	dir := folder(t)
	m := newTestModel(t, dir, nil, 140, 30)
	s := frame(m)
	if strings.Contains(s, "not a destination") || len(m.rows) != 5 {
		t.Fatalf("%d rows:\n%s", len(m.rows), s)
	}
	for _, want := range []string{
		"Expenses", "active", "3         1      1", "1 failed, 1 in doubt", // counts: delivered, failed, in doubt
		"never activated", "not valid", "line 11: endpoint.template", "ledger unreadable", "running ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the list lacks %q:\n%s", want, s)
		}
	}
	notes := map[string]string{
		"broken.yaml":  "does not load: line 11",
		"tasks.yaml":   "the ledger belongs to another destination (New tasks, id someone-else)",
		"time.yaml":    `credential "nobody" is not saved on this machine: run cliodest login --name nobody`,
		"updates.yaml": "being delivered by process 1",
	}
	for file, want := range notes {
		selectRow(t, m, file)
		if s := frame(m); !strings.Contains(s, want) {
			t.Errorf("%s selected: the screen lacks %q:\n%s", file, want, s)
		}
	}
}

// The filter keeps the rows whose name, file, endpoint or Nexset holds the
// text; esc clears it.
func TestHomeFilter(t *testing.T) {
	m := newTestModel(t, folder(t), nil, 140, 30)
	press(m, "/", "t", "a", "s", "k")
	if len(m.shown) != 2 { // New tasks, Task updates
		t.Fatalf("shown %v:\n%s", m.shown, frame(m))
	}
	press(m, "enter") // keeps the filter, the keys are the list's again
	if press(m, "s"); m.screen != statusScreen {
		t.Errorf("s after the filter: screen %v", m.screen)
	}
	press(m, "esc", "/", "esc")
	if len(m.shown) != 5 {
		t.Errorf("esc kept the filter: %v", m.shown)
	}
}

// a asks "Activate NAME? (y/N)"; anything but y leaves it alone; y starts
// the run with the engine and shows the live view, which esc leaves while
// the run goes on. Quitting then asks first.
func TestActivateAsksThenShowsTheRun(t *testing.T) {
	dir := folder(t)
	f := newFakeRun()
	m := newTestModel(t, dir, f.run, 100, 30)
	selectRow(t, m, "expenses.yaml")
	press(m, "a")
	if s := frame(m); !strings.Contains(s, "Activate Expenses? (y/N)") {
		t.Fatalf("no question:\n%s", s)
	}
	press(m, "enter")
	if m.screen != listScreen || m.runs.get(filepath.Join(dir, "expenses.yaml")) != nil {
		t.Fatal("enter (the default, no) started a run")
	}
	press(m, "a")
	watch := press(m, "y")
	if req := f.req(t); req.Mode != Activate || filepath.Base(req.File) != "expenses.yaml" {
		t.Fatalf("request %+v", req)
	}
	if m.screen != liveScreen || watch == nil {
		t.Fatalf("screen %v after y", m.screen)
	}
	f.send(deliver.Total{Records: 40})
	f.send(deliver.Progress{Done: 10, Delivered: 8, Failed: 1, InDoubt: 1, Changed: 2, Total: 40, Rate: 5,
		Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Held: 2, NextIn: 1200 * time.Millisecond}})
	f.send(deliver.RecordFailed{Pos: 7, Line: 8, Key: "EX-7", Status: 422, State: "failed", Message: "date: is not a valid date"})
	f.send(deliver.WebhookWaiting{Documents: 3, Limit: 30 * time.Second})
	m.Update(watch())
	s := frame(m)
	for _, want := range []string{"Activation of Expenses", "10/40 · 5.0 rec/s · ETA 6s", "Delivered 8 · Failed 1 · In doubt 1 · Skipped 0 · Changed 2",
		"paced to Clio's limit: 50/min · next request in 1.2 s", "line 8 (EX-7): 422 date: is not a valid date",
		"response webhook: waiting up to 30s for it to take 3 document(s)…"} {
		if !strings.Contains(s, want) {
			t.Errorf("the live view lacks %q:\n%s", want, s)
		}
	}
	f.send(deliver.Progress{Done: 38, Total: 40, Rate: 5, Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Blocked: true, NextIn: 41 * time.Second}})
	m.Update(watch())
	if s := frame(m); !strings.Contains(s, "38/40 · 5.0 rec/s · ETA 41s") {
		t.Errorf("a spent window does not lengthen the ETA:\n%s", s)
	}
	press(m, "esc")
	if m.screen != listScreen || !m.runs.active() {
		t.Fatalf("esc: screen %v, run active %v", m.screen, m.runs.active())
	}
	if cmd := press(m, "q"); cmd != nil || !strings.Contains(frame(m), "A run is in progress. Quit and stop it") {
		t.Fatalf("q with a run going did not ask:\n%s", frame(m))
	}
	press(m, "n")
	if m.screen != listScreen {
		t.Fatalf("n: screen %v", m.screen)
	}
	f.end <- deliver.Summary{RunSummary: ledger.RunSummary{Delivered: 38, Failed: 1, InDoubt: 1}, Elapsed: 9 * time.Second}
	for !m.runs.get(filepath.Join(dir, "expenses.yaml")).ended() {
		m.Update(watch())
	}
	press(m, "a")
	if s := liveText(m); !strings.Contains(s, "Done in 9s: 38 delivered, 1 failed, 1 in doubt") {
		t.Errorf("a on a finished run does not show its outcome:\n%s", s)
	}
	if m.runs.active() {
		t.Error("the run is still active")
	}
}

// liveText is the live view of the selected row's run (a on it, when it
// has ended, asks again; the view itself is read directly).
func liveText(m *model) string {
	m.liveFile = m.selected().path
	m.screen = liveScreen
	return frame(m)
}

// p in the live view pauses the destination in its file, as cliodest
// pause does, which the engine's pause switch reads; space on the list
// pauses, and on a paused destination asks to activate again.
func TestPauseAndResume(t *testing.T) {
	dir := folder(t)
	f := newFakeRun()
	m := newTestModel(t, dir, f.run, 100, 30)
	selectRow(t, m, "expenses.yaml")
	press(m, "a", "y")
	f.req(t)
	press(m, "p")
	file := filepath.Join(dir, "expenses.yaml")
	if statusOf(file) != flow.StatusPaused {
		t.Fatal("p did not pause the destination")
	}
	if s := frame(m); !strings.Contains(s, "Pausing: in-flight requests are finishing") {
		t.Errorf("no pausing line:\n%s", s)
	}
	f.end <- deliver.Summary{Paused: true, RunSummary: ledger.RunSummary{Pending: 30}}
	<-m.runs.get(file).done
	if s := frame(m); !strings.Contains(s, "Paused: 30 record(s) not sent") {
		t.Errorf("no paused outcome:\n%s", s)
	}
	press(m, "esc")
	loadAll(t, m)
	press(m, "space")
	if !strings.Contains(frame(m), "Activate Expenses? (y/N)") {
		t.Fatalf("space on a paused destination:\n%s", frame(m))
	}
	press(m, "n")
	d, _ := flow.Load(file)
	d.Status = flow.StatusActive
	must(t, flow.Save(file, d))
	press(m, "space")
	if statusOf(file) != flow.StatusPaused || !strings.Contains(frame(m), "Expenses paused") {
		t.Errorf("space on an active destination:\n%s", frame(m))
	}
}

// r and d refuse what cannot run, saying why: a never-activated or
// paused destination, a broken file, another process's run.
func TestRefusalsSayWhy(t *testing.T) {
	dir := folder(t)
	f := newFakeRun()
	m := newTestModel(t, dir, f.run, 140, 30)
	cases := map[string]struct{ key, want string }{
		"time.yaml":    {"r", "has never been activated: nothing to retry"},
		"broken.yaml":  {"a", "does not load: line 11"},
		"updates.yaml": {"d", "is being delivered by process 1"},
		"tasks.yaml":   {"a", "the ledger belongs to another destination"},
	}
	for file, c := range cases {
		selectRow(t, m, file)
		press(m, c.key)
		if m.screen != listScreen || !strings.Contains(frame(m), c.want) {
			t.Errorf("%s %s: screen %v:\n%s", c.key, file, m.screen, frame(m))
		}
	}
	selectRow(t, m, "expenses.yaml") // active, with a ledger: retry goes
	press(m, "r")
	if req := f.req(t); req.Mode != Retry {
		t.Errorf("r: %+v", req)
	}
	f.end <- deliver.Summary{}
}

// s shows the failed and in-doubt records from the ledger; enter shows
// one with the request the record makes now; r from there retries.
func TestStatusDetail(t *testing.T) {
	dir := folder(t)
	f := newFakeRun()
	m := newTestModel(t, dir, f.run, 140, 30)
	selectRow(t, m, "expenses.yaml")
	load := press(m, "s")
	m.Update(load())
	s := frame(m)
	for _, want := range []string{"Status of Expenses", "Delivered 3 · Failed 1 · In doubt 1", "EX-4", "422", "date: is not a valid date",
		"EX-5", "in doubt", "no answer within 30s"} {
		if !strings.Contains(s, want) {
			t.Errorf("status lacks %q:\n%s", want, s)
		}
	}
	show := press(m, "enter")
	m.Update(show())
	s = frame(m)
	for _, want := range []string{"Record 4 of Expenses", "failed after 1 attempt(s)", "Clio answered 422 (validation): date: is not a valid date",
		"POST https://app.clio.com/api/v4/activities.json", "record 4 (line 4"} {
		if !strings.Contains(s, want) {
			t.Errorf("record view lacks %q:\n%s", want, s)
		}
	}
	press(m, "esc")
	press(m, "r")
	if req := f.req(t); req.Mode != Retry || m.screen != liveScreen {
		t.Errorf("r from the status: %+v, screen %v", req, m.screen)
	}
	f.end <- deliver.Summary{}
}

// A run from another shell is seen at the next refresh, without a lock
// taken or anything written.
func TestRefreshSeesAnotherShellsRun(t *testing.T) {
	dir := folder(t)
	m := newTestModel(t, dir, nil, 140, 30)
	file := filepath.Join(dir, "expenses.yaml")
	lp := ledger.DefaultPath(file)
	before, _ := os.Stat(lp)
	must(t, os.WriteFile(deliver.LockPath(lp), []byte(`{"pid":1,"host":"`+hostname()+`"}`), 0o600))
	m.Update(m.refresh()())
	selectRow(t, m, "expenses.yaml")
	if !strings.Contains(frame(m), "being delivered by process 1") {
		t.Errorf("the other shell's run is not shown:\n%s", frame(m))
	}
	if after, _ := os.Stat(lp); !after.ModTime().Equal(before.ModTime()) {
		t.Error("the home wrote the ledger")
	}

	// A file saved from another shell is listed, one removed is not.
	copySample(t, dir, "firm-tasks.yaml", "added.yaml", nil)
	must(t, os.Remove(filepath.Join(dir, "broken.yaml")))
	m.Update(m.refresh()())
	var files []string
	for _, r := range m.rows {
		files = append(files, filepath.Base(r.path))
	}
	if got := strings.Join(files, " "); got != "added.yaml expenses.yaml tasks.yaml time.yaml updates.yaml" {
		t.Errorf("rows after the folder changed: %s", got)
	}
	if r := m.selected(); r == nil || filepath.Base(r.path) != "expenses.yaml" {
		t.Errorf("the cursor left expenses.yaml: %+v", r)
	}
}

// On a narrow terminal the record view wraps Clio's message instead of
// cutting it at the edge: the message is what the analyst came to read.
func TestRecordViewWrapsLongLines(t *testing.T) {
	dir := folder(t)
	m := newTestModel(t, dir, nil, 50, 30)
	selectRow(t, m, "expenses.yaml")
	load := press(m, "s")
	m.Update(load())
	show := press(m, "enter")
	m.Update(show())
	s := frame(m)
	if !strings.Contains(s, "valid date") {
		t.Errorf("the record view cuts Clio's message at 50 columns:\n%s", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if w := utf8.RuneCountInString(l); w > 50 {
			t.Errorf("line wider than the terminal (%d): %q", w, l)
		}
	}
}

// The live view of a paused run says "space or a resumes", and they do:
// the activation question, then the run goes on.
func TestResumeFromTheLiveView(t *testing.T) {
	dir := folder(t)
	f := newFakeRun()
	m := newTestModel(t, dir, f.run, 100, 30)
	selectRow(t, m, "expenses.yaml")
	press(m, "a", "y")
	f.req(t)
	press(m, "p")
	file := filepath.Join(dir, "expenses.yaml")
	f.end <- deliver.Summary{Paused: true, RunSummary: ledger.RunSummary{Pending: 30}}
	<-m.runs.get(file).done
	if s := frame(m); !strings.Contains(s, "space or a resumes") {
		t.Fatalf("no paused outcome:\n%s", s)
	}
	for _, k := range []string{"space", "a"} {
		press(m, k)
		if !strings.Contains(frame(m), "Activate Expenses? (y/N)") {
			t.Fatalf("%s in the live view of a paused run:\n%s", k, frame(m))
		}
		press(m, "n")
		m.liveFile, m.screen = file, liveScreen
	}
	press(m, "a", "y")
	if req := f.req(t); req.File != file || req.Mode != Activate || m.screen != liveScreen {
		t.Errorf("resumed: %+v, screen %v", req, m.screen)
	}
	f.end <- deliver.Summary{}
}

// A paused destination's last run says it is paused, in the row and the
// notes, rather than reading as a run that simply ended; the state column
// says "running" without the pid, which the notes give.
func TestHomePausedLastRun(t *testing.T) {
	dir := folder(t)
	copySample(t, dir, "expenses.yaml", "expenses.yaml", nil) // the sample is paused; its ledger stays
	m := newTestModel(t, dir, nil, 140, 30)
	selectRow(t, m, "expenses.yaml")
	s := frame(m)
	for _, want := range []string{"paused            3", "paused · 1 failed, 1 in doubt", "activate, paused · 1 failed, 1 in doubt"} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %q:\n%s", want, s)
		}
	}
	selectRow(t, m, "updates.yaml")
	if s := frame(m); strings.Contains(s, "pid") || !strings.Contains(s, "running           0") {
		t.Errorf("the state column of a running destination:\n%s", s)
	}
}
