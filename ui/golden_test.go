package ui

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// startProgram runs the wizard as a real Bubble Tea program at a fixed
// size with the ASCII profile, in the fixture's directory (so paths on
// screen are short and stable).
func startProgram(t *testing.T, f *fixture, w, h int) *teatest.TestModel {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(f.dir)
	origDir = wd
	o := f.options()
	o.StartDir = ""
	o.SavePath = "dest.yaml"
	m, err2 := newModel(t.Context(), o)
	err = err2
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.shutdown)
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
}

// waitFor waits until the output shows s (output read is consumed).
func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), s) },
		teatest.WithDuration(time.Minute), teatest.WithCheckInterval(10*time.Millisecond))
}

func keys(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		tm.Send(keyMsg(k))
	}
}

// origDir is the package directory, for golden files (tests here are not parallel).
var origDir string

var portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// finalScreen quits and returns the last frame, with the sandbox's
// random port made stable.
func finalScreen(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	tm.Send(tea.QuitMsg{}) // straight out: the last frame is the step, not the discard question
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(time.Minute)).(*model)
	out := ansi.Strip(fm.lastFrame)
	// RequireEqualOutput reads testdata/ relative to the package directory.
	if err := os.Chdir(origDir); err != nil {
		t.Fatal(err)
	}
	return []byte(portRE.ReplaceAllString(out, "127.0.0.1:PORT"))
}

// toMapping walks a template journey up to the mapping step with type set.
func toMapping(t *testing.T, tm *teatest.TestModel) {
	t.Helper()
	tm.Type("entries.jsonl")
	keys(tm, "enter")
	waitFor(t, tm, "Schema (from")
	keys(tm, "enter")
	waitFor(t, tm, "token from CLIODEST_TOKEN")
	keys(tm, "enter")
	waitFor(t, tm, "Connected as")
	keys(tm, "enter", "enter")
	waitFor(t, tm, "= TimeEntry") // proposed from the hours
}

func TestGoldenTemplateWide(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 140, 45)
	toMapping(t, tm)
	teatest.RequireEqualOutput(t, finalScreen(t, tm))
}

func TestGoldenTemplateNarrow(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 80, 30)
	toMapping(t, tm)
	keys(tm, "ctrl+p")
	waitFor(t, tm, "Sample requests")
	teatest.RequireEqualOutput(t, finalScreen(t, tm))
}

func TestGoldenUpdateTemplateWithRecordID(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 140, 45)
	tm.Type("entries.jsonl")
	keys(tm, "enter")
	waitFor(t, tm, "Schema (from")
	keys(tm, "enter")
	waitFor(t, tm, "token from CLIODEST_TOKEN")
	keys(tm, "enter")
	waitFor(t, tm, "Connected as")
	keys(tm, "down", "right")
	waitFor(t, tm, "Object ID")
	keys(tm, "down")
	tm.Type("{record.matter_id}")
	waitFor(t, tm, "activities/3001.json")
	teatest.RequireEqualOutput(t, finalScreen(t, tm))
}

func TestGoldenAdvanced(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 140, 45)
	tm.Type("entries.jsonl")
	keys(tm, "enter")
	waitFor(t, tm, "Schema (from")
	keys(tm, "enter")
	waitFor(t, tm, "token from CLIODEST_TOKEN")
	keys(tm, "enter")
	waitFor(t, tm, "Connected as")
	keys(tm, "right")
	waitFor(t, tm, "Content format")
	keys(tm, "down", "down", "down")
	tm.Type("/api/v4/notes.json")
	keys(tm, "down")
	tm.Type("X-Request-Source:cliodest")
	waitFor(t, tm, "X-Request-Source")
	teatest.RequireEqualOutput(t, finalScreen(t, tm))
}

func TestTestSendAgainstSandbox(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 140, 45)
	toMapping(t, tm)
	keys(tm, "tab", "enter", "enter")
	waitFor(t, tm, "Record 1 of 3")
	keys(tm, "s")
	waitFor(t, tm, "Status: 201 accepted")
	keys(tm, "ctrl+c", "y")
	tm.WaitFinished(t, teatest.WithFinalTimeout(time.Minute))
	if n := f.srv.Created("activities"); n != 1 {
		t.Fatalf("sandbox created %d activities, want 1", n)
	}
}
