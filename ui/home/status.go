package home

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
	"github.com/cliodest/cliodest/internal/termtext"
)

// statusLimit bounds the records of each state the detail lists.
const statusLimit = 1000

// statusView is the status detail of one destination: its failed and
// in-doubt records, read from the ledger read-only.
type statusView struct {
	file, name string
	entries    []ledger.Entry
	counts     map[ledger.State]int
	err        string
	loaded     bool
	table      table.Model
}

// statusLoadedMsg carries the records read for the status detail.
type statusLoadedMsg struct {
	file    string
	entries []ledger.Entry
	counts  map[ledger.State]int
	err     error
}

// openStatus shows r's status detail, reading its ledger off the screen's
// goroutine.
func (m *model) openStatus(r *row) tea.Cmd {
	if r.d == nil {
		m.flash = r.name + " does not load: " + r.problem
		return nil
	}
	t := table.New(table.WithKeyMap(tableKeys()), table.WithFocused(true))
	t.SetStyles(table.Styles{Header: m.st.header, Cell: m.st.cell, Selected: m.st.selected})
	m.status = statusView{file: r.path, name: r.name, table: t}
	m.layout()
	m.screen = statusScreen
	d, path := *r.d, r.path
	return func() tea.Msg {
		msg := statusLoadedMsg{file: path}
		msg.entries, msg.counts, msg.err = readRecords(path, d)
		return msg
	}
}

// readRecords reads the counts and the failed and in-doubt records of
// the destination d at path (flow/session's status: its ledger read-only);
// never activated is an error wrapping fs.ErrNotExist.
func readRecords(path string, d flow.Destination) ([]ledger.Entry, map[ledger.State]int, error) {
	rep, err := session.StatusOf(context.Background(), &d, path, session.StatusOptions{List: []ledger.State{ledger.Failed, ledger.InDoubt}, Limit: statusLimit})
	switch {
	case err != nil:
		return nil, nil, err
	case !rep.Activated:
		return nil, nil, fmt.Errorf("%s: no ledger yet: %w", path, fs.ErrNotExist)
	}
	return rep.Entries, rep.Counts, nil
}

func (m *model) statusLoaded(msg statusLoadedMsg) {
	if msg.file != m.status.file {
		return
	}
	m.status.loaded = true
	m.status.entries, m.status.counts = msg.entries, msg.counts
	if msg.err != nil {
		m.status.err = ledgerWords(msg.err)
		if errors.Is(msg.err, fs.ErrNotExist) {
			m.status.err = "never activated: no ledger yet"
		}
	}
	rows := make([]table.Row, len(msg.entries))
	for i, e := range msg.entries {
		line, status := "-", "-"
		if e.Line > 0 {
			line = strconv.Itoa(e.Line)
		}
		if e.HTTPStatus != 0 {
			status = strconv.Itoa(e.HTTPStatus)
		}
		rows[i] = table.Row{strconv.Itoa(e.Pos), line, termtext.Line(e.Key), strings.ReplaceAll(string(e.State), "_", " "), status, termtext.Line(e.ErrMessage)}
	}
	m.status.table.SetRows(rows)
	m.status.table.SetCursor(0)
}

// statusColumns are the detail table's columns: the message takes the rest.
func statusColumns(width int) []table.Column {
	cols := []table.Column{{Title: "Pos", Width: 6}, {Title: "Line", Width: 6}, {Title: "Key", Width: 14}, {Title: "State", Width: 8}, {Title: "HTTP", Width: 4}}
	used := 0
	for _, c := range cols {
		used += c.Width + 1
	}
	return append(cols, table.Column{Title: "Clio's message", Width: max(10, width-used-1)})
}

func (m *model) statusKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Quit):
		m.screen = listScreen
		return nil
	case key.Matches(msg, m.keys.Open):
		c := m.status.table.Cursor()
		if c >= 0 && c < len(m.status.entries) {
			return m.openRecord(m.status.entries[c])
		}
		return nil
	case key.Matches(msg, m.keys.Retry), key.Matches(msg, m.keys.Doubt):
		mode := Retry
		if key.Matches(msg, m.keys.Doubt) {
			mode = Resolve
		}
		for i := range m.rows {
			if m.rows[i].path == m.status.file {
				cmd := m.start(&m.rows[i], mode)
				if m.screen != liveScreen {
					m.screen = statusScreen // refused: the flash says why
				}
				return cmd
			}
		}
		return nil
	}
	var cmd tea.Cmd
	m.status.table, cmd = m.status.table.Update(msg)
	return cmd
}

// statusView draws the status detail.
func (m *model) statusView() string {
	s := m.status
	var b strings.Builder
	b.WriteString(m.st.title.Render(truncate(termtext.Line(fmt.Sprintf("Status of %s (%s)", s.name, filepath.Base(s.file))), m.width)) + "\n")
	switch {
	case !s.loaded:
		b.WriteString("reading the ledger…\n")
	case s.err != "":
		b.WriteString(m.st.err.Render(truncate(termtext.Line(s.err), m.width)) + "\n")
	default:
		c := s.counts
		b.WriteString(fmt.Sprintf("Delivered %d · Failed %d · In doubt %d · Pending %d\n", c[ledger.Delivered], c[ledger.Failed], c[ledger.InDoubt], c[ledger.Pending]+c[ledger.InFlight]))
		if len(s.entries) == 0 {
			b.WriteString(m.st.ok.Render("No failed or in-doubt records.") + "\n")
		} else {
			b.WriteString(fmt.Sprintf("Failed and in-doubt records (%d), lines of the Nexset:\n", len(s.entries)))
			b.WriteString(s.table.View() + "\n")
		}
	}
	if m.flash != "" {
		b.WriteString(truncate(termtext.Line(m.flash), m.width) + "\n")
	}
	b.WriteString(m.footer(m.keys.statusKeys()))
	return b.String()
}
