package home

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/internal/termtext"
	"github.com/cliodest/cliodest/ui/liveview"
)

// liveChanged takes a run's change: the list's row is read again when the
// run ended, and the watch goes on while it runs.
func (m *model) liveChanged(msg liveMsg) tea.Cmd {
	l := m.runs.get(msg.file)
	if l == nil {
		return nil
	}
	if l.ended() {
		for i := range m.rows {
			if m.rows[i].path == msg.file {
				m.rows[i].glanced = false // its counts moved: read at the next refresh
			}
		}
		return m.refresh()
	}
	return l.watch()
}

// liveKey is a key on the live view: esc goes back to the list while the
// run goes on; p pauses it (in-flight requests finish); s its status.
func (m *model) liveKey(msg tea.KeyPressMsg) tea.Cmd {
	l := m.runs.get(m.liveFile)
	switch {
	case key.Matches(msg, m.keys.Back):
		m.screen = listScreen
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.PauseLive) && l != nil && !l.ended():
		if err := Pause(l.file); err != nil {
			m.flash = err.Error()
			return nil
		}
		l.mu.Lock()
		l.state.pausing = true
		l.mu.Unlock()
	case key.Matches(msg, m.keys.Status):
		for i := range m.rows {
			if m.rows[i].path == m.liveFile {
				return m.openStatus(&m.rows[i])
			}
		}
	case (key.Matches(msg, m.keys.Activate) || key.Matches(msg, m.keys.Pause)) && l != nil && l.endedPaused():
		// "space or a resumes", as on the list: the activation question
		for i := range m.rows {
			if m.rows[i].path == m.liveFile {
				m.ask(&m.rows[i], Activate)
			}
		}
	}
	return nil
}

// endedPaused reports whether the run ended paused (cliodest pause, p).
func (l *live) endedPaused() bool {
	s := l.snap()
	return s.sum != nil && s.sum.Paused
}

// liveView draws a run: progress, counts, the rate limit in words, the
// most recent failures.
func (m *model) liveView() string {
	l := m.runs.get(m.liveFile)
	if l == nil {
		return "no run\n"
	}
	s := l.snap()
	name := filepath.Base(l.file)
	for i := range m.rows {
		if m.rows[i].path == l.file {
			name = m.rows[i].name
		}
	}
	var b strings.Builder
	if m.o.Demo {
		b.WriteString(m.st.banner.Render("Demo: a sandbox Clio on this machine - nothing leaves it") + "\n")
	}
	b.WriteString(m.st.title.Render(truncate(termtext.Line(fmt.Sprintf("%s of %s (%s)", capital(l.mode.String()), name, filepath.Base(l.file))), m.width)) + "\n\n")
	b.WriteString(liveview.Progress(m.bar, s.prog, s.sum != nil) + "\n")
	b.WriteString(liveview.Counts(s.prog) + "\n")
	b.WriteString(liveview.Pace(s.prog) + "\n")
	if w := liveview.Waiting(s.waiting); w != "" {
		b.WriteString(truncate(w, m.width) + "\n")
	}
	b.WriteString("\n")
	b.WriteString(outcome(m, s))
	if len(s.fails) > 0 {
		b.WriteString("Most recent failures:\n")
		for _, f := range s.fails {
			b.WriteString(m.st.err.Render(truncate(liveview.Failure(f), m.width)) + "\n")
		}
	}
	b.WriteString("\n" + m.footer(m.keys.liveKeys()))
	return b.String()
}

// outcome says how the run ended, or that it is pausing; "" while it runs.
func outcome(m *model, s liveState) string {
	switch {
	case s.sum == nil && s.pausing:
		return m.st.warn.Render("Pausing: in-flight requests are finishing…") + "\n\n"
	case s.sum == nil:
		return ""
	}
	sum := *s.sum
	var line string
	style := m.st.warn
	switch {
	case s.err != nil:
		line, style = termtext.Line("Stopped: "+s.err.Error()), m.st.err
	case sum.Stopped != "":
		line = termtext.Line(fmt.Sprintf("Stopped: %s; %d record(s) not sent stay pending", sum.Stopped, sum.Pending))
	case sum.Paused:
		line = fmt.Sprintf("Paused: %d record(s) not sent; space or a resumes", sum.Pending)
	case sum.Failed > 0 || sum.InDoubt > 0:
		line = fmt.Sprintf("Done in %s: %d delivered, %d failed, %d in doubt; s shows them", liveview.Since(sum.Elapsed), sum.Delivered, sum.Failed, sum.InDoubt)
	default:
		line, style = fmt.Sprintf("Done in %s: %d delivered, %d skipped (delivered before)", liveview.Since(sum.Elapsed), sum.Delivered, sum.Skipped), m.st.ok
	}
	// wrapped, not cut at the edge: why a run stopped is read whole
	return style.Render(ansi.Wrap(line, m.width, "")) + "\n\n"
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
