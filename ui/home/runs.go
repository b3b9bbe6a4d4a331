package home

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow/deliver"
)

// Mode is what a run started from the home does.
type Mode int

const (
	Activate Mode = iota // deliver the whole Nexset (sets the destination active)
	Retry                // send the failed records again
	Resolve              // resolve the records in doubt (and retry the failed)
)

func (m Mode) String() string {
	return [...]string{"activation", "retry", "resolve in doubt"}[m]
}

// RunRequest asks the shared engine to run one destination file.
type RunRequest struct {
	File string
	Mode Mode
}

// Runner runs req with the shared delivery engine (flow/deliver, through
// the command layer), wiring the destination's pause switch, and calls
// events with each of the run's events. It returns when the run ends.
type Runner func(ctx context.Context, req RunRequest, events func(deliver.Event)) (deliver.Summary, error)

// recentFailures is how many failed records the live view keeps.
const recentFailures = 5

// live is one run started from this home. The engine's goroutine writes
// it; the screen reads a copy (snap) whenever changed says so.
type live struct {
	file    string
	mode    Mode
	cancel  context.CancelFunc
	changed chan struct{} // holds one token when something changed since the screen last looked
	done    chan struct{} // closed when the run has returned

	mu    sync.Mutex
	state liveState
}

// liveState is what the live view draws.
type liveState struct {
	started time.Time
	prog    deliver.Progress
	fails   []deliver.RecordFailed  // the most recent, oldest first
	waiting *deliver.WebhookWaiting // the run waits for the response webhook
	sum     *deliver.Summary        // set when the run has ended
	err     error                   // why it ended early, if it did
	pausing bool                    // p was pressed: in-flight requests are finishing
}

// runs are the runs started from the home; they outlive a trip to the
// wizard, and Run waits for them before it returns.
type runs struct {
	mu sync.Mutex
	m  map[string]*live
	wg sync.WaitGroup
}

func newRuns() *runs { return &runs{m: map[string]*live{}} }

// get is the run of file started here, nil when none is.
func (rs *runs) get(file string) *live {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.m[file]
}

// active reports whether any run started here is still going.
func (rs *runs) active() bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, l := range rs.m {
		select {
		case <-l.done:
		default:
			return true
		}
	}
	return false
}

// start runs req on its own goroutine with run; a finished earlier run of
// the same file is replaced.
func (rs *runs) start(ctx context.Context, run Runner, req RunRequest, now time.Time) *live {
	ctx, cancel := context.WithCancel(ctx)
	l := &live{file: req.File, mode: req.Mode, cancel: cancel, changed: make(chan struct{}, 1), done: make(chan struct{})}
	l.state.started = now
	l.state.prog.Total = -1
	rs.mu.Lock()
	rs.m[req.File] = l
	rs.mu.Unlock()
	rs.wg.Add(1)
	go func() {
		defer rs.wg.Done()
		defer cancel()
		sum, err := run(ctx, req, l.event)
		l.mu.Lock()
		l.state.sum, l.state.err = &sum, err
		l.mu.Unlock()
		close(l.done)
		l.poke()
	}()
	return l
}

// stopAll cancels every run (in-flight requests get the engine's grace)
// and waits until they have ended and recorded it in their ledgers.
func (rs *runs) stopAll() {
	rs.mu.Lock()
	for _, l := range rs.m {
		l.cancel()
	}
	rs.mu.Unlock()
	rs.wg.Wait()
}

// event takes one of the engine's events (calls are serialised).
func (l *live) event(e deliver.Event) {
	l.mu.Lock()
	switch e := e.(type) {
	case deliver.Progress:
		l.state.prog = e
	case deliver.Total:
		l.state.prog.Total = e.Records
	case deliver.RecordFailed:
		l.state.fails = append(l.state.fails, e)
		if len(l.state.fails) > recentFailures {
			l.state.fails = l.state.fails[len(l.state.fails)-recentFailures:]
		}
	case deliver.WebhookWaiting:
		l.state.waiting = &e
	case deliver.Finished:
		s := e.Summary
		l.state.sum, l.state.waiting = &s, nil
	}
	l.mu.Unlock()
	l.poke()
}

// poke tells the screen something changed, without ever blocking the
// engine: one pending token is enough.
func (l *live) poke() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// snap is a copy of the state for drawing.
func (l *live) snap() liveState {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.state
	s.fails = append([]deliver.RecordFailed(nil), s.fails...)
	return s
}

// ended reports whether the run has returned.
func (l *live) ended() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// liveMsg says the run of file changed.
type liveMsg struct{ file string }

// watch waits for the next change of l and reports it.
func (l *live) watch() tea.Cmd {
	return func() tea.Msg {
		<-l.changed
		return liveMsg{file: l.file}
	}
}
