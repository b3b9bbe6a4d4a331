package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/session"
	"github.com/cliodest/cliodest/flow/sync"
	"github.com/cliodest/cliodest/ui/liveview"
)

// saveStep writes the destination file (paused), then activates it now
// (flow/deliver's events drawn here) or shows the command for later.
type saveStep struct {
	fm       form
	problems flow.Problems
	askOver  bool // overwrite confirmation open
	saved    string
	choice   int // after saving: 0 later (the default), 1 send now
	running  bool
	cancel   context.CancelFunc
	events   chan tea.Msg
	prog     deliver.Progress
	failures []deliver.RecordFailed  // the most recent
	waiting  *deliver.WebhookWaiting // the run waits for the response webhook
	summary  string
	sum      deliver.Summary
	stopped  bool // esc stopped the run
	runErr   string
	bar      progress.Model
	height   int
	editPath string
	typed    bool // the path was typed: no longer proposed from the name

	// The dry run made after saving, before activation is offered.
	checking  bool
	checkErr  string
	check     deliver.Summary
	fails     []string // "line 12: why", at most maxCheckFails
	nFails    int      // every failure, kept or not
	scroll    int      // first failure shown
	sureFails bool     // "send anyway, N will fail?" open
}

type deliverEventMsg struct{ ev deliver.Event }
type deliverDoneMsg struct {
	sum deliver.Summary
	err error
}

func newSaveStep(env *stepEnv) step {
	p := env.o.SavePath
	if p == "" {
		p = "destination.yaml"
	}
	s := &saveStep{fm: form{fields: []*field{newTextField("path", "Save the destination to", p)}}, bar: liveview.NewBar()}
	if env.o.EditPath != "" {
		s.editPath = env.o.SavePath // the file being edited: saved over without a question
	}
	return s
}

func (s *saveStep) enter(env *stepEnv) tea.Cmd {
	s.problems = allProblems(env)
	if s.editPath == "" && !s.typed {
		// A new destination is proposed a file named after it, beside the default.
		p := s.fm.get("path")
		p.set(freeFile(fileFor(p.value(), env.d.Name), p.value()))
		p.input.CursorEnd()
	}
	return s.fm.refocus()
}

// freeFile is path, or when a file other than current is there already,
// the first free "name-2.yaml", "name-3.yaml"… beside it (a demo's folder
// holds sample destinations named after their Nexsets).
func freeFile(path, current string) string {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 1; i < 100; i++ {
		p := path
		if i > 1 {
			p = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		if _, err := os.Stat(p); p == current || errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
	return path
}

// fileFor is a file for the destination called name in path's directory:
// its name in lower case, runs of anything but letters and digits made one
// dash ("Firm Time (2026)" → "firm-time-2026.yaml"); path when the name
// gives nothing.
func fileFor(path, name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 || name == "destination" {
		return path
	}
	return filepath.Join(filepath.Dir(path), b.String()+".yaml")
}

// resize leaves room beside the bar for done of total, rate and ETA.
func (s *saveStep) resize(w, h int) {
	s.fm.setWidth(w)
	s.bar.SetWidth(min(40, max(10, w-45)))
	s.height = h
}
func (s *saveStep) busy() bool { return s.askOver || s.running || s.saved != "" }

// saveKeys are the Save step's bindings, per state: the footer shows them
// and the key handling matches them, so the two cannot disagree. A
// question answered "no" by any other key binds n and says so
// (anyOtherKey).
type saveKeys struct {
	save, stop, overwrite, no, sendAnyway, keepPaused, closeLater, close key.Binding
	sendNow, choose, confirm, scrollUp, scrollDown                       key.Binding
}

var saveKeyMap = saveKeys{
	save:       bind("enter", "enter", "save"),
	stop:       bind("esc", "esc", "stop (in-flight requests finish)"),
	overwrite:  bind("y Y", "y", "overwrite"),
	no:         bind("n", anyOtherKey, "keep it"),
	sendAnyway: bind("y Y", "y", "send anyway"),
	keepPaused: bind("n", anyOtherKey, "keep it paused"),
	closeLater: bind("enter q", "enter", "close the wizard (activate later)"),
	close:      bind("enter q", "enter", "close the wizard"),
	sendNow:    bind("y Y", "y", "send now"),
	choose:     bind("left right tab", "←/→", "choose"),
	confirm:    bind("enter", "enter", "confirm"),
	scrollUp:   bind("up", "↑/↓", "scroll failures"),
	scrollDown: bind("down", "", ""),
}

func (s *saveStep) keys(*stepEnv) []key.Binding {
	km := saveKeyMap
	switch {
	case s.running:
		return []key.Binding{km.stop}
	case s.askOver:
		return []key.Binding{km.overwrite, km.no}
	case s.sureFails:
		km.sendAnyway.SetHelp("y", fmt.Sprintf("send, %d will fail", s.nFails))
		return []key.Binding{km.sendAnyway, km.keepPaused}
	case s.checking || s.saved != "" && s.checkErr != "" && s.summary == "":
		return []key.Binding{km.closeLater}
	case s.saved != "" && s.summary == "" && s.runErr == "":
		ks := []key.Binding{km.sendNow, km.choose, km.confirm}
		if s.nFails > s.failRoom() { // else every failure shows: nothing to scroll
			ks = append(ks, km.scrollUp, km.scrollDown)
		}
		return ks
	case s.saved != "":
		return []key.Binding{km.close}
	}
	return []key.Binding{km.save}
}

func (s *saveStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case deliverEventMsg:
		switch e := msg.ev.(type) {
		case deliver.Progress:
			if e.Total < 0 { // the count is still running: keep a total that came before
				e.Total = s.prog.Total
			}
			s.prog = e
		case deliver.Total:
			s.prog.Total = e.Records
		case deliver.WebhookWaiting:
			s.waiting = &e
		case deliver.RecordFailed:
			if s.checking {
				s.nFails++
				if len(s.fails) < maxCheckFails {
					s.fails = append(s.fails, clean(failLine(e), false))
				}
				break
			}
			s.failures = append(s.failures, e) // the most recent five, as the home's live view
			if len(s.failures) > 5 {
				s.failures = s.failures[1:]
			}
		}
		return s.wait()
	case checkDoneMsg:
		s.checking, s.check = false, msg.sum
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			s.checkErr = clean("checking the records: "+msg.err.Error(), false)
		}
		return nil
	case deliverDoneMsg:
		s.running = false
		sm := msg.sum
		s.sum = sm
		what := "Activation done"
		switch {
		case s.stopped || msg.err != nil:
			what = "Activation stopped"
		case sm.Paused: // cliodest pause, from another terminal
			what = "Activation paused"
			env.d.Status = flow.StatusPaused
		}
		s.summary = fmt.Sprintf("%s: %d delivered, %d failed, %d in doubt, %d skipped.", what, sm.Delivered, sm.Failed, sm.InDoubt, sm.Skipped)
		env.activated = s.summary
		if msg.err != nil && !(s.stopped && errors.Is(msg.err, context.Canceled)) {
			s.runErr = clean(msg.err.Error(), false)
		}
		return nil
	case tea.KeyPressMsg:
		km := &saveKeyMap
		switch {
		case s.running:
			if key.Matches(msg, km.stop) && s.cancel != nil {
				s.stopped = true
				s.cancel()
			}
			return nil
		case s.askOver:
			s.askOver = false
			if key.Matches(msg, km.overwrite) {
				return s.save(env)
			}
			return nil
		case s.saved != "" && (s.summary != "" || s.runErr != ""):
			if key.Matches(msg, km.close) {
				env.quitting = true
				return tea.Quit
			}
			return nil
		case s.sureFails:
			s.sureFails = false
			if key.Matches(msg, km.sendAnyway) {
				return s.activate(env)
			}
			return nil
		case s.saved != "" && (s.checking || s.checkErr != ""):
			if key.Matches(msg, km.closeLater) {
				if s.cancel != nil {
					s.cancel()
				}
				env.quitting = true
				return tea.Quit
			}
			return nil
		case s.saved != "":
			switch {
			case key.Matches(msg, km.choose):
				s.choice = 1 - s.choice
			case key.Matches(msg, km.scrollUp):
				s.scroll = max(0, s.scroll-1)
			case key.Matches(msg, km.scrollDown):
				s.scroll = max(0, min(len(s.fails)-s.failRoom(), s.scroll+1))
			case key.Matches(msg, km.sendNow):
				return s.sendNow(env)
			case key.Matches(msg, km.confirm):
				if s.choice == 0 {
					env.quitting = true
					return tea.Quit
				}
				return s.sendNow(env)
			}
			return nil
		case key.Matches(msg, km.save):
			p := s.fm.get("path").value()
			if p == "" {
				env.flash = env.st.err.Render("type the file to save to")
				return nil
			}
			abs, _ := filepath.Abs(p)
			if abs != s.editPath {
				if _, err := os.Stat(p); err == nil {
					s.askOver = true
					return nil
				} else if !errors.Is(err, fs.ErrNotExist) {
					env.flash = env.st.err.Render(clean(err.Error(), false))
					return nil
				}
			}
			return s.save(env)
		}
	}
	res, cmd := s.fm.update(msg)
	if res == formChanged {
		s.typed = true
	}
	return cmd
}

// save writes the file through flow.Save, with paths relative to it.
func (s *saveStep) save(env *stepEnv) tea.Cmd {
	path := s.fm.get("path").value()
	abs, err := filepath.Abs(path)
	if err != nil {
		env.flash = env.st.err.Render(err.Error())
		return nil
	}
	d := *env.d
	if d.Name == "" || d.Name == "destination" {
		d.Name = flow.NameFromPath(path)
	}
	if err := d.Relocate(filepath.Dir(abs)); err != nil {
		env.flash = env.st.err.Render(clean(err.Error(), false))
		return nil
	}
	if err := flow.Save(path, &d); err != nil {
		var le *flow.LoadError
		if errors.As(err, &le) {
			s.problems = le.Problems
		}
		env.flash = env.st.err.Render(clean("not saved: "+err.Error(), false))
		return nil
	}
	*env.d = d
	s.saved, env.savedPath, env.dirty = path, path, false
	env.flash = ""
	if said := env.recordKeptTests(path); said != "" {
		env.flash = env.st.dim.Render(clean(said, false))
	}
	return s.dryRun(env)
}

// sendNow activates, once the user has confirmed the records the check
// found failing by their count.
func (s *saveStep) sendNow(env *stepEnv) tea.Cmd {
	if s.nFails > 0 {
		s.sureFails = true
		return nil
	}
	return s.activate(env)
}

// activate marks the file active and runs flow/deliver in the background;
// its events arrive one by one through a channel.
func (s *saveStep) activate(env *stepEnv) tea.Cmd {
	if !env.conn.ok {
		s.runErr = "no checked credential: activate later with cliodest activate " + s.saved
		return nil
	}
	// flow/session opens the ledger (a copy of a delivered destination is
	// refused before it is marked active), marks the file active and wires
	// the pause switch, so cliodest pause stops this run too.
	ev := make(chan tea.Msg, 64)
	run, err := env.uses.Activate(env.ctx, session.Activation{File: s.saved,
		ConfirmDelete: env.d.OnRemove == string(sync.DeleteRemoved), // confirmed with y on the Endpoint step
		Conn:          env.conn.session(),
		Events:        func(e deliver.Event) { forward(ev, e) }})
	if err != nil {
		s.runErr = clean(err.Error(), false)
		return nil
	}
	if run.Warning != nil {
		env.flash = env.st.warn.Render(clean(run.Warning.Error(), false))
	}
	env.d.Status = run.Destination.Status
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.running = cancel, true
	s.prog = deliver.Progress{Total: env.total} // the Nexset step's count until the run's own
	s.events = ev
	go func() {
		defer close(ev)
		res, err := run.Go(ctx)
		ev <- deliverDoneMsg{sum: res.Summary, err: err}
	}()
	return tea.Batch(s.wait(), env.startSpinner())
}

func (s *saveStep) wait() tea.Cmd {
	ev := s.events
	return func() tea.Msg {
		msg, ok := <-ev
		if !ok {
			return nil
		}
		return msg
	}
}

func (s *saveStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	if s.saved == "" {
		b.WriteString(s.fm.view(st))
		if s.askOver {
			b.WriteString("\n" + st.warn.Render(clean(s.fm.get("path").value(), false)+" exists. Overwrite it? (y/N)") + "\n")
		}
		if len(s.problems) > 0 {
			// Wrapped, then cut to what the step leaves, saying so: a long
			// list ran off a small terminal without a word.
			ps := strings.TrimSuffix(lipgloss.NewStyle().Width(width).Render(renderProblems(st, s.problems)), "\n")
			room := s.height - 2 - strings.Count(b.String(), "\n") - 1
			b.WriteString("\n" + clipLines(ps, max(3, room), "cliodest validate lists them once saved") + "\n")
		}
		return b.String()
	}
	b.WriteString(st.ok.Render("Saved "+clean(s.saved, false)) + " (" + string(env.d.Status) + ")\n\n")
	switch {
	case s.running:
		// The home's live view, the same lines.
		b.WriteString(liveview.Progress(s.bar, s.prog, false) + "\n")
		b.WriteString(liveview.Counts(s.prog) + "\n")
		b.WriteString(liveview.Pace(s.prog) + "\n")
		if w := liveview.Waiting(s.waiting); w != "" {
			b.WriteString(truncate(w, width) + "\n")
		}
		b.WriteString("\n")
		b.WriteString(env.spin.View() + " activating… (esc stops after in-flight requests)\n")
		if len(s.failures) > 0 {
			b.WriteString("Most recent failures:\n")
		}
		for _, f := range s.failures {
			b.WriteString(st.err.Render(truncate(liveview.Failure(f), width)) + "\n")
		}
	case s.summary != "" || s.runErr != "":
		// The run is over: its outcome once, what went wrong, where to look.
		if s.summary != "" {
			style := st.ok
			if s.stopped || s.runErr != "" || s.sum.Paused || s.sum.Failed+s.sum.InDoubt > 0 {
				style = st.warn
			}
			b.WriteString(style.Render(s.summary) + "\n")
		}
		for _, f := range s.failures {
			b.WriteString(st.err.Render(truncate(liveview.Failure(f), width)) + "\n")
		}
		if s.runErr != "" {
			b.WriteString(st.err.Render(s.runErr) + "\n")
		}
		b.WriteString("\n" + st.dim.Render("See it with: cliodest status "+s.saved) + "\n")
		if s.stopped || s.runErr != "" || s.sum.Paused {
			b.WriteString(st.dim.Render("Resume with: cliodest activate "+s.saved) + "\n")
		}
		if s.sum.Failed > 0 {
			b.WriteString(st.dim.Render("Re-send the failed records with: cliodest retry "+s.saved) + "\n")
		}
		if s.sum.InDoubt > 0 {
			b.WriteString(st.dim.Render("Settle the records in doubt with: cliodest retry --in-doubt "+s.saved) + "\n")
		}
	case s.checking:
		b.WriteString(env.spin.View() + fmt.Sprintf(" checking every record before offering to send them… %d read\n", s.prog.Read))
		b.WriteString(st.dim.Render("enter closes the wizard; activate it later with: cliodest activate "+s.saved) + "\n")
	case s.checkErr != "":
		b.WriteString(st.err.Render(s.checkErr) + "\n\n")
		b.WriteString(st.dim.Render("enter closes the wizard; fix this, then: cliodest activate "+s.saved) + "\n")
	default:
		b.WriteString(s.viewOffer(env, width))
	}
	return b.String()
}

// viewOffer draws what the check found and the question: how many records
// activation would send, which would fail (by line, scrolled), Later first.
func (s *saveStep) viewOffer(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	c, n := s.check, s.check.ToSend()
	b.WriteString(fmt.Sprintf("Checked the Nexset's %s against the mapping and Clio's published rules.\n", liveview.Records(c.Records)))
	if c.Skipped > 0 {
		b.WriteString(st.dim.Render(fmt.Sprintf("%s already delivered (the ledger says so): not sent again.", liveview.Records(c.Skipped))) + "\n")
	}
	if c.InDoubt+c.Left > 0 {
		b.WriteString(st.dim.Render(fmt.Sprintf("%s failed or in doubt earlier: left to cliodest retry.", liveview.Records(c.InDoubt+c.Left))) + "\n")
	}
	if s.nFails > 0 {
		b.WriteString(st.err.Render(fmt.Sprintf("✗ %d of the %s checked will fail:", s.nFails, liveview.Records(c.Records))) + "\n")
		room := s.failRoom()
		end := min(len(s.fails), s.scroll+room)
		for _, f := range s.fails[s.scroll:end] {
			b.WriteString(st.err.Render(truncate("  "+f, width)) + "\n")
		}
		if s.scroll > 0 || end < len(s.fails) || s.nFails > len(s.fails) {
			b.WriteString(st.dim.Render(fmt.Sprintf("  failures %d-%d of %d (↑/↓ scroll; all of them: cliodest activate --dry-run %s)", s.scroll+1, end, s.nFails, s.saved)) + "\n")
		}
	}
	b.WriteString("\n")
	if s.sureFails {
		b.WriteString(st.warn.Render(fmt.Sprintf("%d records will fail and be recorded as failed. Send the other %d anyway? (y/N)", s.nFails, n)) + "\n")
		return b.String()
	}
	q := fmt.Sprintf("Send %s to Clio now?", liveview.Records(n))
	if n == 0 {
		q = "Nothing to send now. Activate anyway (new records are sent by the next activate)?"
	}
	opts := []string{"Later", "Send now"}
	for i, o := range opts {
		if i == s.choice {
			opts[i] = st.focus.Render("[" + o + "]")
		} else {
			opts[i] = " " + o + " "
		}
	}
	b.WriteString(q + "\n    " + strings.Join(opts, " ") + "\n\n")
	if s.choice == 0 {
		b.WriteString(st.dim.Render("enter closes the wizard; activate it later with: cliodest activate "+s.saved) + "\n")
	} else {
		b.WriteString(st.dim.Render(fmt.Sprintf("enter sends %s to Clio now, paced to its rate limit", liveview.Records(n))) + "\n")
	}
	b.WriteString(st.dim.Render("y sends now") + "\n")
	return b.String()
}

// failRoom is how many failure lines fit with the rest of the step.
func (s *saveStep) failRoom() int { return max(3, s.height-16) }

// failLine is a failed record in one line that starts with its Nexset
// line: flow's message already names it ("entries.csv line 3 (record 2):
// …"), so the file's name is dropped rather than the line said twice.
func failLine(e deliver.RecordFailed) string {
	at := fmt.Sprintf("line %d", e.Line)
	if i := strings.Index(e.Message, at); i >= 0 && !strings.Contains(e.Message[:i], ": ") {
		return e.Message[i:]
	}
	return at + ": " + e.Message
}
