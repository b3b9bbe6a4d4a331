package home

import (
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
)

// refreshBatch is how many ledgers one refresh reads before the screen
// shows them: the first frame never waits for the ledgers, and the counts
// fill in a batch at a time.
const refreshBatch = 16

// tickMsg asks for a refresh.
type tickMsg struct{}

// refreshedMsg carries the rows read again off the screen's goroutine.
type refreshedMsg struct {
	rows map[int]row
	more bool // rows are still to be read: go on at once
}

// refresh reads, on another goroutine, the glance of every row never read
// and of every row whose ledger, lock or file changed since (a run here or
// from another shell, an edit), at most refreshBatch of them.
func (m *model) refresh() tea.Cmd {
	if m.loading {
		return nil
	}
	m.loading = true
	type job struct {
		i int
		r row
	}
	var jobs []job
	for i, r := range m.rows {
		jobs = append(jobs, job{i, r})
	}
	store := m.o.Creds
	return func() tea.Msg {
		out := refreshedMsg{rows: map[int]row{}}
		for _, j := range jobs {
			if j.r.glanced && stampOf(&j.r) == j.r.glance.stamp {
				continue
			}
			if len(out.rows) == refreshBatch {
				out.more = true
				break
			}
			r := reload(j.r)
			r.glance, r.glanced = readGlance(&r, store), true
			out.rows[j.i] = r
		}
		return out
	}
}

// reload reads a row's file again when it changed since it was last read
// (saved by the wizard, paused here or from another shell).
func reload(r row) row {
	fi, err := os.Stat(r.path)
	if err != nil || fi.ModTime().Equal(r.mtime) {
		return r
	}
	if fresh, ok := readRow(r.path); ok {
		return fresh
	}
	return r
}

// refreshed takes a refresh's glances and schedules the next one: at once
// when rows are left, else after the refresh interval.
func (m *model) refreshed(msg refreshedMsg) tea.Cmd {
	m.loading = false
	for i, r := range msg.rows {
		if i < len(m.rows) {
			m.rows[i] = r
		}
	}
	m.fillTable()
	if msg.more {
		return m.refresh()
	}
	return tea.Tick(m.o.Refresh, func(time.Time) tea.Msg { return tickMsg{} })
}
