package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// saveStep writes the destination file (paused), then activates it now
// (flow/deliver's events drawn here) or shows the command for later.
type saveStep struct {
	fm       form
	problems flow.Problems
	askOver  bool // overwrite confirmation open
	saved    string
	choice   int // after saving: 0 activate now, 1 later
	running  bool
	cancel   context.CancelFunc
	events   chan tea.Msg
	prog     deliver.Progress
	failures []string
	summary  string
	sum      deliver.Summary
	stopped  bool // esc stopped the run
	runErr   string
	barWidth int
	editPath string
}

type deliverEventMsg struct{ ev deliver.Event }
type deliverDoneMsg struct {
	sum deliver.Summary
	err error
}

func newSaveStep(m *model) step {
	p := m.o.SavePath
	if p == "" {
		p = "destination.yaml"
	}
	return &saveStep{fm: form{fields: []*field{newTextField("path", "Save the destination to", p)}},
		barWidth: 40, editPath: m.o.SavePath}
}

func (s *saveStep) enter(m *model) tea.Cmd {
	s.problems = allProblems(m)
	return s.fm.refocus()
}

// resize leaves room for the bar's brackets and its " 100%".
func (s *saveStep) resize(_ *model, w, _ int) { s.fm.setWidth(w); s.barWidth = max(10, w-8) }
func (s *saveStep) busy(*model) bool          { return s.askOver || s.running || s.saved != "" }

func (s *saveStep) keys(*model) []key.Binding {
	switch {
	case s.running:
		return []key.Binding{bind("esc", "esc", "stop (in-flight requests finish)")}
	case s.askOver:
		return []key.Binding{bind("y", "y", "overwrite"), bind("n", "n", "no")}
	case s.saved != "" && s.summary == "" && s.runErr == "":
		return []key.Binding{bind("left right", "←/→", "choose"), bind("enter", "enter", "confirm")}
	case s.saved != "":
		return []key.Binding{bind("enter q", "enter", "close the wizard")}
	}
	return []key.Binding{bind("enter", "enter", "save")}
}

func (s *saveStep) update(m *model, msg tea.Msg) tea.Cmd {
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
		case deliver.RecordFailed:
			if len(s.failures) < 5 {
				s.failures = append(s.failures, clean(fmt.Sprintf("line %d %s: %s", e.Line, e.State, e.Message), false))
			}
		}
		return s.wait()
	case deliverDoneMsg:
		s.running = false
		sm := msg.sum
		s.sum = sm
		what := "Activation done"
		if s.stopped || msg.err != nil {
			what = "Activation stopped"
		}
		s.summary = fmt.Sprintf("%s: %d delivered, %d failed, %d in doubt, %d skipped.", what, sm.Delivered, sm.Failed, sm.InDoubt, sm.Skipped)
		m.activated = s.summary
		if msg.err != nil && !(s.stopped && errors.Is(msg.err, context.Canceled)) {
			s.runErr = clean(msg.err.Error(), false)
		}
		return nil
	case tea.KeyPressMsg:
		k := msg.String()
		switch {
		case s.running:
			if k == "esc" && s.cancel != nil {
				s.stopped = true
				s.cancel()
			}
			return nil
		case s.askOver:
			s.askOver = false
			if k == "y" || k == "Y" {
				return s.save(m)
			}
			return nil
		case s.saved != "" && (s.summary != "" || s.runErr != ""):
			if k == "enter" || k == "q" {
				m.quitting = true
				return tea.Quit
			}
			return nil
		case s.saved != "":
			switch k {
			case "left", "right", "tab", "up", "down":
				s.choice = 1 - s.choice
			case "enter":
				if s.choice == 1 {
					m.quitting = true
					return tea.Quit
				}
				return s.activate(m)
			}
			return nil
		case k == "enter":
			p := s.fm.get("path").value()
			if p == "" {
				m.flash = m.st.err.Render("type the file to save to")
				return nil
			}
			abs, _ := filepath.Abs(p)
			if abs != s.editPath {
				if _, err := os.Stat(p); err == nil {
					s.askOver = true
					return nil
				} else if !errors.Is(err, fs.ErrNotExist) {
					m.flash = m.st.err.Render(clean(err.Error(), false))
					return nil
				}
			}
			return s.save(m)
		}
	}
	_, cmd := s.fm.update(msg)
	return cmd
}

// save writes the file through flow.Save, with paths relative to it.
func (s *saveStep) save(m *model) tea.Cmd {
	path := s.fm.get("path").value()
	abs, err := filepath.Abs(path)
	if err != nil {
		m.flash = m.st.err.Render(err.Error())
		return nil
	}
	d := *m.d
	if d.Name == "" || d.Name == "destination" {
		d.Name = flow.NameFromPath(path)
	}
	if err := d.Relocate(filepath.Dir(abs)); err != nil {
		m.flash = m.st.err.Render(clean(err.Error(), false))
		return nil
	}
	if err := flow.Save(path, &d); err != nil {
		var le *flow.LoadError
		if errors.As(err, &le) {
			s.problems = le.Problems
		}
		m.flash = m.st.err.Render(clean("not saved: "+err.Error(), false))
		return nil
	}
	*m.d = d
	s.saved, m.savedPath, m.dirty = path, path, false
	m.flash = ""
	return nil
}

// activate marks the file active and runs flow/deliver in the background;
// its events arrive one by one through a channel.
func (s *saveStep) activate(m *model) tea.Cmd {
	if !m.conn.ok {
		s.runErr = "no checked credential: activate later with cliodest activate " + s.saved
		return nil
	}
	m.d.Status = flow.StatusActive
	if err := flow.Save(s.saved, m.d); err != nil {
		s.runErr = clean(err.Error(), false)
		return nil
	}
	p, err := m.d.PlanOn(m.conn.host)
	if err != nil {
		s.runErr = clean(err.Error(), false)
		return nil
	}
	l, err := ledger.Open(ledger.DefaultPath(s.saved), ledger.Identity{ID: m.d.ID, Name: m.d.Name})
	if err != nil {
		s.runErr = clean(fmt.Sprintf("opening the ledger: %v", err), false)
		return nil
	}
	sink, err := m.d.OpenWebhookSink(flow.WebhookOptions{HTTPClient: m.o.HTTPClient})
	if err != nil {
		l.Close()
		s.runErr = clean(err.Error(), false)
		return nil
	}
	ctx, cancel := context.WithCancel(m.ctx)
	s.cancel, s.running = cancel, true
	s.prog.Total = m.total // the Nexset step's count until the run's own
	s.events = make(chan tea.Msg, 64)
	d, c, ev := m.d, m.conn.client, s.events
	go func() {
		defer close(ev)
		defer l.Close()
		defer sink.Close()
		sum, err := deliver.Run(ctx, deliver.Options{Destination: d, Planner: p, Client: c, Ledger: l, Webhook: sink,
			Events: func(e deliver.Event) {
				if _, ok := e.(deliver.Progress); ok {
					select { // progress may be dropped when the screen lags; the next one says it all
					case ev <- deliverEventMsg{e}:
					default:
					}
					return
				}
				ev <- deliverEventMsg{e}
			}})
		ev <- deliverDoneMsg{sum: sum, err: err}
	}()
	return tea.Batch(s.wait(), m.startSpinner())
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

func (s *saveStep) view(m *model, width int) string {
	st := &m.st
	var b strings.Builder
	if s.saved == "" {
		b.WriteString(s.fm.view(st))
		if s.askOver {
			b.WriteString("\n" + st.warn.Render(clean(s.fm.get("path").value(), false)+" exists. Overwrite it? (y/N)") + "\n")
		}
		if len(s.problems) > 0 {
			b.WriteString("\n" + renderProblems(st, s.problems))
		}
		return b.String()
	}
	b.WriteString(st.ok.Render("Saved "+clean(s.saved, false)) + " (" + string(m.d.Status) + ")\n\n")
	switch {
	case s.running:
		pr := s.prog
		if pr.Total > 0 {
			b.WriteString(bar(float64(pr.Done)/float64(pr.Total), s.barWidth) + "\n")
			b.WriteString(fmt.Sprintf("%d of %d records: %d delivered, %d failed, %d in doubt, %d skipped\n", pr.Done, pr.Total, pr.Delivered, pr.Failed, pr.InDoubt, pr.Skipped))
		} else {
			b.WriteString(fmt.Sprintf("%d records: %d delivered, %d failed, %d in doubt, %d skipped\n", pr.Done, pr.Delivered, pr.Failed, pr.InDoubt, pr.Skipped))
		}
		if pr.Waiting > 0 {
			b.WriteString(st.warn.Render("waiting for Clio's rate limit") + "\n")
		}
		b.WriteString(m.spin.View() + " activating… (esc stops after in-flight requests)\n")
		for _, f := range s.failures {
			b.WriteString(st.err.Render(truncate(f, width)) + "\n")
		}
	case s.summary != "" || s.runErr != "":
		// The run is over: its outcome once, what went wrong, where to look.
		if s.summary != "" {
			style := st.ok
			if s.stopped || s.runErr != "" || s.sum.Failed+s.sum.InDoubt > 0 {
				style = st.warn
			}
			b.WriteString(style.Render(s.summary) + "\n")
		}
		for _, f := range s.failures {
			b.WriteString(st.err.Render(truncate(f, width)) + "\n")
		}
		if s.runErr != "" {
			b.WriteString(st.err.Render(s.runErr) + "\n")
		}
		b.WriteString("\n" + st.dim.Render("See it with: cliodest status "+s.saved) + "\n")
		if s.stopped || s.runErr != "" {
			b.WriteString(st.dim.Render("Resume with: cliodest activate "+s.saved) + "\n")
		}
		if s.sum.Failed > 0 {
			b.WriteString(st.dim.Render("Re-send the failed records with: cliodest retry "+s.saved) + "\n")
		}
		if s.sum.InDoubt > 0 {
			b.WriteString(st.dim.Render("Settle the records in doubt with: cliodest retry --in-doubt "+s.saved) + "\n")
		}
	default:
		opts := []string{"Activate now", "Later"}
		for i, o := range opts {
			if i == s.choice {
				opts[i] = st.focus.Render("[" + o + "]")
			} else {
				opts[i] = " " + o + " "
			}
		}
		b.WriteString("Activate now? Nothing is sent until it is.\n    " + strings.Join(opts, " ") + "\n\n")
		if s.choice == 1 {
			b.WriteString(st.dim.Render("enter closes the wizard; activate it later with: cliodest activate "+s.saved) + "\n")
		} else {
			b.WriteString(st.dim.Render("enter sends every record of the Nexset to Clio now, paced to its rate limit") + "\n")
		}
	}
	return b.String()
}

// bar draws a progress bar of width columns (bubbles/progress would pull
// in a module of its own for animation the wizard does not need).
func bar(frac float64, width int) string {
	frac = min(1, max(0, frac))
	full := int(frac * float64(width))
	return "[" + strings.Repeat("#", full) + strings.Repeat("-", width-full) + "]" + fmt.Sprintf(" %3.0f%%", frac*100)
}
