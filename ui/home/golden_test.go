package home

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cliodest/cliodest/flow/deliver"
)

// startHome runs the home on dir as a real program at w×h with the ASCII
// profile, every row read.
func startHome(t *testing.T, dir string, run Runner, w, h int) (*teatest.TestModel, *model) {
	t.Helper()
	m := newTestModel(t, dir, run, w, h)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	return tm, m
}

// waitScreen waits until the program's output shows s.
func waitScreen(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), s) },
		teatest.WithDuration(time.Minute), teatest.WithCheckInterval(10*time.Millisecond))
}

var runTimeRE = regexp.MustCompile(`(\d{4}-)?\d\d-\d\d \d\d:\d\d`)

// lastFrame quits and returns the final frame, the temporary folder and
// the runs' times made stable.
func lastFrame(t *testing.T, tm *teatest.TestModel, dir string) []byte {
	t.Helper()
	tm.Send(tea.QuitMsg{})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(time.Minute)).(*model)
	out := strings.ReplaceAll(frame(fm), dir, "DIR")
	return []byte(runTimeRE.ReplaceAllString(out, "MM-DD hh:mm"))
}

// The home with every state, at 80 and 140 columns.
func TestGoldenHome(t *testing.T) {
	for _, w := range []int{80, 140} {
		t.Run(sizeName(w), func(t *testing.T) {
			dir := folder(t)
			tm, _ := startHome(t, dir, nil, w, 24)
			tm.Send(keyMsg("down")) // Expenses: its notes below the table
			waitScreen(t, tm, "expenses.yaml · Create Activity")
			teatest.RequireEqualOutput(t, lastFrame(t, tm, dir))
		})
	}
}

// The live view mid-run, at 80 and 140 columns.
func TestGoldenLiveView(t *testing.T) {
	for _, w := range []int{80, 140} {
		t.Run(sizeName(w), func(t *testing.T) {
			dir := folder(t)
			f := newFakeRun()
			tm, _ := startHome(t, dir, f.run, w, 24)
			tm.Send(keyMsg("down"))
			tm.Send(keyMsg("a"))
			tm.Send(keyMsg("y"))
			f.req(t)
			f.send(deliver.Total{Records: 40})
			f.send(deliver.RecordFailed{Pos: 4, Line: 4, Key: "EXP-2404", Status: 422, State: "failed", Message: "date: is not a valid date"})
			f.send(deliver.RecordFailed{Pos: 9, Line: 9, Key: "EXP-2409", State: "in_doubt", Message: "no answer within 30s"})
			f.send(deliver.Progress{Done: 10, Delivered: 8, Failed: 1, InDoubt: 1, Changed: 2, Total: 40, Rate: 5, Requests: 10,
				Pacing: deliver.Pacing{Limit: 50, Window: time.Minute, Held: 2, NextIn: 1200 * time.Millisecond}})
			waitScreen(t, tm, "next request in 1.2 s")
			teatest.RequireEqualOutput(t, lastFrame(t, tm, dir))
		})
	}
}

// The status detail, at 80 and 140 columns.
func TestGoldenStatus(t *testing.T) {
	for _, w := range []int{80, 140} {
		t.Run(sizeName(w), func(t *testing.T) {
			dir := folder(t)
			tm, _ := startHome(t, dir, nil, w, 24)
			tm.Send(keyMsg("down"))
			tm.Send(keyMsg("s"))
			waitScreen(t, tm, "no answer within 30s")
			teatest.RequireEqualOutput(t, lastFrame(t, tm, dir))
		})
	}
}

func sizeName(w int) string {
	if w < wide {
		return "narrow"
	}
	return "wide"
}
