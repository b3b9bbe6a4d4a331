package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
)

// testStep sends one sample request for real: pick a record, edit its body
// inline or in $EDITOR, confirm when the host is a real Clio, read the answer.
type testStep struct {
	rec      int
	call     *flow.Call
	buildErr string
	body     textarea.Model
	editing  bool
	confirm  bool
	sending  bool
	cancel   context.CancelFunc
	result   *testResult
	width    int
}

type testResult struct {
	status int
	body   string
	rl     clio.RateLimit
	err    string
}

type testSentMsg struct{ res testResult }
type editorDoneMsg struct {
	path string
	err  error
}

func newTestStep(*model) step {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	st := ta.Styles()
	st.Cursor.Blink = false // no timer-driven redraws
	ta.SetStyles(st)
	ta.SetHeight(10)
	return &testStep{body: ta}
}

func (s *testStep) resize(_ *model, w, h int) {
	s.width = w
	s.body.SetWidth(max(20, w-2))
	s.body.SetHeight(max(4, min(14, h-16)))
}

func (s *testStep) busy(*model) bool { return s.editing || s.confirm || s.sending }

func (s *testStep) keys(*model) []key.Binding {
	switch {
	case s.sending:
		return []key.Binding{bind("esc", "esc", "cancel")}
	case s.confirm:
		return []key.Binding{bind("y", "y", "send"), bind("n esc", "n", "don't")}
	case s.editing:
		return []key.Binding{bind("esc", "esc", "done editing")}
	}
	return []key.Binding{bind("s", "s", "send"), bind("left right", "←/→", "record"), bind("e", "e", "edit"),
		bind("ctrl+e", "ctrl+e", "$EDITOR"), bind("enter", "enter", "next")}
}

// enter builds the call of the chosen record with flow's planner.
func (s *testStep) enter(m *model) tea.Cmd {
	s.build(m)
	return nil
}

func (s *testStep) build(m *model) {
	s.call, s.buildErr = nil, ""
	if !m.conn.ok {
		s.buildErr = "Choose and check a credential first (Credential step)."
		return
	}
	if len(m.recs) == 0 {
		s.buildErr = "The Nexset has no records to send."
		return
	}
	s.rec = min(s.rec, len(m.recs)-1)
	p, err := m.d.PlanOn(m.conn.host)
	if err != nil {
		s.buildErr = clean(err.Error(), false)
		return
	}
	calls, fails := p.Build(m.recs[s.rec : s.rec+1])
	if len(calls) == 0 {
		if len(fails) > 0 {
			s.buildErr = clean(fails[0].Error(), false)
		}
		return
	}
	s.call = &calls[0]
	s.body.SetValue(flow.PrettyBody(s.call.Body))
}

// sandboxHost says whether no real Clio account is touched: a loopback host.
func sandboxHost(h clio.Host) bool {
	if h.Root == nil {
		return false
	}
	name := h.Root.Hostname()
	ip := net.ParseIP(name)
	return name == "localhost" || ip != nil && ip.IsLoopback()
}

func (s *testStep) update(m *model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case testSentMsg:
		s.sending = false
		s.result = &msg.res
		return nil
	case editorDoneMsg:
		defer os.Remove(msg.path)
		if msg.err != nil {
			m.flash = m.st.err.Render("editor: " + clean(msg.err.Error(), false))
			return nil
		}
		b, err := os.ReadFile(msg.path)
		if err != nil {
			m.flash = m.st.err.Render(clean(err.Error(), false))
			return nil
		}
		s.body.SetValue(string(b))
		return nil
	case tea.KeyPressMsg:
		k := msg.String()
		switch {
		case s.sending:
			if k == "esc" && s.cancel != nil {
				s.cancel()
			}
			return nil
		case s.confirm:
			s.confirm = false
			if k == "y" || k == "Y" {
				return s.send(m)
			}
			return nil
		case s.editing:
			if k == "esc" {
				s.editing = false
				s.body.Blur()
				return nil
			}
			var cmd tea.Cmd
			s.body, cmd = s.body.Update(msg)
			return cmd
		}
		switch k {
		case "left", "h":
			if s.rec > 0 {
				s.rec--
				s.build(m)
			}
		case "right", "l":
			if s.rec < len(m.recs)-1 {
				s.rec++
				s.build(m)
			}
		case "e":
			if s.call != nil {
				s.editing = true
				return s.body.Focus()
			}
		case "ctrl+e":
			if s.call != nil {
				return s.openEditor(m)
			}
		case "s":
			if s.call == nil {
				return nil
			}
			if !sandboxHost(m.conn.host) && !m.o.Demo {
				s.confirm = true
				return nil
			}
			return s.send(m)
		case "enter":
			return m.next()
		}
	default:
		if s.editing {
			var cmd tea.Cmd
			s.body, cmd = s.body.Update(msg)
			return cmd
		}
	}
	return nil
}

// openEditor hands the terminal to $VISUAL, $EDITOR or a default editor.
func (s *testStep) openEditor(m *model) tea.Cmd {
	f, err := os.CreateTemp("", "cliodest-sample-*.json")
	if err != nil {
		m.flash = m.st.err.Render(err.Error())
		return nil
	}
	_, werr := f.WriteString(s.body.Value())
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		m.flash = m.st.err.Render(err.Error())
		return nil
	}
	ed := m.o.Env("VISUAL")
	if ed == "" {
		ed = m.o.Env("EDITOR")
	}
	if ed == "" {
		ed = "vi"
		if runtime.GOOS == "windows" {
			ed = "notepad"
		}
	}
	parts := strings.Fields(ed)
	c := exec.Command(parts[0], append(parts[1:], f.Name())...)
	path := f.Name()
	return tea.ExecProcess(c, func(err error) tea.Msg { return editorDoneMsg{path: path, err: err} })
}

func (s *testStep) send(m *model) tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx)
	s.cancel, s.sending, s.result = cancel, true, nil
	req := s.call.Request()
	if s.call.Body != nil {
		req.Body = []byte(s.body.Value())
	}
	c := m.conn.client
	return tea.Batch(func() tea.Msg {
		resp, err := c.Do(ctx, req)
		r := testResult{}
		if resp != nil {
			r.status, r.body, r.rl = resp.Status, flow.PrettyBody(resp.Body), resp.RateLimit
		}
		if err != nil {
			if errors.Is(err, context.Canceled) {
				r.err = "cancelled; Clio may still have received it"
			} else {
				r.err = err.Error()
			}
		}
		return testSentMsg{res: r}
	}, m.startSpinner())
}

func (s *testStep) view(m *model, width int) string {
	st := &m.st
	var b strings.Builder
	if s.buildErr != "" {
		b.WriteString(st.err.Render(s.buildErr) + "\n\nenter continues without a test.\n")
		return b.String()
	}
	if s.call == nil {
		return "No request to send.\n"
	}
	b.WriteString(fmt.Sprintf("Record %d of %d (line %d)\n", s.rec+1, len(m.recs), m.recs[s.rec].Line))
	b.WriteString(st.label.Render(s.call.Method) + " " + clean(s.call.URL, false) + "\n")
	if s.call.Body != nil {
		if s.editing {
			b.WriteString(s.body.View() + "\n")
		} else {
			b.WriteString(clean(s.body.Value(), true) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case s.confirm:
		b.WriteString(st.warn.Render(fmt.Sprintf("This creates or changes a REAL object in Clio (%s, %s). Send it? (y/N)",
			clean(m.conn.label, false), m.conn.host)) + "\n")
	case s.sending:
		b.WriteString(m.spin.View() + " sending to Clio… (esc cancels)\n")
	case s.result != nil:
		r := s.result
		if r.status != 0 {
			line := fmt.Sprintf("Status: %d", r.status)
			if r.status >= 200 && r.status < 300 {
				b.WriteString(st.ok.Render(line+" accepted") + "\n")
			} else {
				b.WriteString(st.err.Render(line+" refused") + "\n")
			}
		}
		if r.err != "" {
			b.WriteString(st.err.Render(clean(r.err, false)) + "\n")
		}
		if r.body != "" {
			lines := strings.Split(clean(r.body, true), "\n")
			if len(lines) > 12 {
				lines = append(lines[:12], "…")
			}
			b.WriteString(strings.Join(lines, "\n") + "\n")
		}
		if r.rl.Known {
			b.WriteString(st.dim.Render(fmt.Sprintf("Rate limit: %d of %d requests left in this window", r.rl.Remaining, r.rl.Limit)) + "\n")
		}
	}
	return b.String()
}
