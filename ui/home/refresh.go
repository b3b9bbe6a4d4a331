package home

import (
	"os"
	"slices"
	"strings"
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
	// added are destination files that appeared in the folder since the
	// list was made (saved from another shell); gone, files that went.
	added []row
	gone  map[string]bool
	// others are the folder's YAML files that are no destination, with
	// their modification time: read again only when it changes.
	others map[string]time.Time
}

// refreshJob is a row to look at again, with its index in the list.
type refreshJob struct {
	i int
	r row
}

// refresh reads, on another goroutine, the glance of every row never read
// and of every row whose ledger, lock or file changed since (a run here or
// from another shell, an edit), at most refreshBatch of them.
func (m *model) refresh() tea.Cmd {
	if m.loading {
		return nil
	}
	m.loading = true
	var jobs []refreshJob
	for i, r := range m.rows {
		jobs = append(jobs, refreshJob{i, r})
	}
	store, dir, others := m.o.Creds, m.o.Dir, m.others
	return func() tea.Msg {
		out := refreshedMsg{rows: map[int]row{}}
		out.added, out.gone, out.others = folderChanges(dir, jobs, others)
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

// folderChanges lists the destination files of dir that no job's row
// holds (read at once), and the rows whose file is gone. A YAML file that
// is no destination is read again only when its modification time is not
// the one others (the previous call's now) holds.
func folderChanges(dir string, jobs []refreshJob, others map[string]time.Time) (added []row, gone map[string]bool, now map[string]time.Time) {
	paths, err := yamlFiles(dir)
	if err != nil {
		return nil, nil, others
	}
	listed := map[string]bool{}
	for _, j := range jobs {
		listed[j.r.path] = true
	}
	for _, p := range paths {
		if listed[p] {
			delete(listed, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		if t, ok := others[p]; ok && t.Equal(fi.ModTime()) {
			now = setTime(now, p, t)
			continue
		}
		switch r, ok, err := readRowAt(p, fi); {
		case ok:
			added = append(added, r)
		case err == nil:
			now = setTime(now, p, fi.ModTime())
		}
	}
	if len(listed) > 0 {
		gone = listed
	}
	return added, gone, now
}

// setTime sets m[p] to t, making m when nil.
func setTime(m map[string]time.Time, p string, t time.Time) map[string]time.Time {
	if m == nil {
		m = map[string]time.Time{}
	}
	m[p] = t
	return m
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
	m.others = msg.others
	for i, r := range msg.rows {
		if i < len(m.rows) {
			m.rows[i] = r
		}
	}
	if len(msg.added) > 0 || len(msg.gone) > 0 {
		m.replaceRows(msg.added, msg.gone)
	}
	m.fillTable()
	if msg.more {
		return m.refresh()
	}
	return tea.Tick(m.o.Refresh, func(time.Time) tea.Msg { return tickMsg{} })
}

// replaceRows adds the files that appeared and drops those that went,
// keeping the list in file order and the cursor on its row.
func (m *model) replaceRows(added []row, gone map[string]bool) {
	var cur string
	if r := m.selected(); r != nil {
		cur = r.path
	}
	rows := m.rows[:0:0]
	for _, r := range m.rows {
		if !gone[r.path] {
			rows = append(rows, r)
		}
	}
	rows = append(rows, added...)
	slices.SortFunc(rows, func(a, b row) int { return strings.Compare(a.path, b.path) })
	m.rows = rows
	m.applyFilter()
	for n, i := range m.shown {
		if m.rows[i].path == cur {
			m.table.SetCursor(n)
		}
	}
	m.fillTable()
}
