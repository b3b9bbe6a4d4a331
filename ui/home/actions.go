package home

import (
	"fmt"
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
)

// ask puts the activation question for r, unless r cannot run now: its
// file does not load, or it runs already (then a shows that run).
func (m *model) ask(r *row, mode Mode) {
	if l := m.runs.get(r.path); l != nil && !l.ended() {
		m.liveFile, m.screen = r.path, liveScreen
		return
	}
	if why := m.cannotRun(r); why != "" {
		m.flash = why
		return
	}
	m.confirm = RunRequest{File: r.path, Mode: mode}
	m.screen = confirmScreen
}

// confirmQuestion is the question the confirm screen asks.
func (m *model) confirmQuestion() string {
	name := filepath.Base(m.confirm.File)
	for i := range m.rows {
		if m.rows[i].path == m.confirm.File {
			name = m.rows[i].name
		}
	}
	return fmt.Sprintf("Activate %s? (y/N)", name)
}

func (m *model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	m.screen = listScreen
	if !key.Matches(msg, m.keys.Yes) {
		m.flash = "not activated"
		return nil
	}
	for i := range m.rows {
		if m.rows[i].path == m.confirm.File {
			return m.start(&m.rows[i], m.confirm.Mode)
		}
	}
	return nil
}

// cannotRun says why r cannot be run from here now, "" when it can.
func (m *model) cannotRun(r *row) string {
	switch {
	case r.d == nil && r.problem == "":
		return r.name + " is still being read: try again in a moment"
	case m.o.Run == nil:
		return "runs cannot be started from here: use cliodest activate " + filepath.Base(r.path)
	case r.problem != "":
		return r.name + " does not load: " + r.problem
	case r.glance.ledgerErr != "":
		return r.glance.ledgerErr
	case r.glance.pid > 0:
		return r.name + " is " + holderWords(r.glance) + "; space pauses it"
	case r.glance.credErr != "":
		return r.glance.credErr
	}
	return ""
}

// start runs r in mode and shows its live view. Retry and resolve need a
// ledger and an active destination, as the commands do.
func (m *model) start(r *row, mode Mode) tea.Cmd {
	if l := m.runs.get(r.path); l != nil && !l.ended() {
		m.liveFile, m.screen = r.path, liveScreen
		return nil
	}
	if mode != Activate && r.d != nil && r.glance.pid == 0 {
		switch {
		case r.glance.never && r.glance.ledgerErr == "":
			m.flash = r.name + " has never been activated: nothing to retry (a activates it)"
			return nil
		case statusOf(r.path) == flow.StatusPaused:
			m.flash = r.name + " is paused, and a paused destination sends nothing: a activates it first"
			return nil
		}
	}
	if why := m.cannotRun(r); why != "" {
		m.flash = why
		return nil
	}
	l := m.runs.start(m.ctx, m.o.Run, RunRequest{File: r.path, Mode: mode}, m.o.Now())
	m.liveFile, m.screen = r.path, liveScreen
	return l.watch()
}

// pauseOrResume is space: a running or active destination is set paused
// (a run stops after its in-flight requests, as cliodest pause does); a
// paused one is offered activation again, which resumes where it stopped.
func (m *model) pauseOrResume(r *row) tea.Cmd {
	if r.d == nil {
		m.flash = m.cannotRun(r)
		return nil
	}
	running := r.glance.pid > 0
	if l := m.runs.get(r.path); l != nil && !l.ended() {
		running = true
	}
	if !running && statusOf(r.path) == flow.StatusPaused {
		m.ask(r, Activate)
		return nil
	}
	if err := Pause(r.path); err != nil {
		m.flash = err.Error()
		return nil
	}
	m.flash = r.name + " paused"
	if running {
		m.flash += ": the run stops after its in-flight requests"
	}
	return nil
}

// Pause sets the destination file's status to paused, as cliodest pause
// does; a run of it polls the file and stops after its in-flight requests
// (the engine's pause switch).
func Pause(path string) error {
	d, err := flow.Load(path)
	if err != nil {
		return err
	}
	if d.Status == flow.StatusPaused {
		return nil
	}
	d.Status = flow.StatusPaused
	return flow.Save(path, d)
}
