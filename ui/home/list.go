package home

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/internal/termtext"
)

// wide is the width from which the table shows endpoint and Nexset.
const wide = 120

// listKey is a key on the list of destinations.
func (m *model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	m.flash = ""
	r := m.selected()
	switch {
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	case key.Matches(msg, m.keys.Filter):
		m.typing = true
		return m.filter.Focus()
	case key.Matches(msg, m.keys.New):
		return m.openWizard("")
	case r == nil:
		// The keys below act on a destination; the list is empty.
	case key.Matches(msg, m.keys.Edit):
		return m.openWizard(r.path)
	case key.Matches(msg, m.keys.Test):
		m.nextTest = m.o.Test != nil
		return m.openWizard(r.path)
	case key.Matches(msg, m.keys.Preview):
		return m.openPreview(r)
	case key.Matches(msg, m.keys.Status):
		return m.openStatus(r)
	case key.Matches(msg, m.keys.Activate):
		m.ask(r, Activate)
		return nil
	case key.Matches(msg, m.keys.Retry):
		return m.start(r, Retry)
	case key.Matches(msg, m.keys.Doubt):
		return m.start(r, Resolve)
	case key.Matches(msg, m.keys.Pause):
		return m.pauseOrResume(r)
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	m.fillTable() // the cursor mark follows
	return cmd
}

// openWizard ends this program so that Run opens the wizard on file.
func (m *model) openWizard(file string) tea.Cmd {
	if m.o.Wizard == nil {
		m.flash = "the wizard cannot be opened from here"
		return nil
	}
	m.next = &file
	return tea.Quit
}

// layout sizes the table and the viewers to the window.
func (m *model) layout() {
	m.help.SetWidth(0) // footer wraps instead of cutting
	m.table.SetWidth(m.width)
	m.table.SetHeight(max(3, m.height-m.chromeLines()))
	m.viewer.SetWidth(m.width)
	m.viewer.SetHeight(max(3, m.height-4))
	m.wrapText()
	m.bar.SetWidth(min(60, max(10, m.width-30)))
	m.status.table.SetWidth(m.width)
	m.status.table.SetHeight(max(3, m.height-8))
	m.status.table.SetColumns(statusColumns(m.width))
	m.fillTable()
}

// chromeLines are the list screen's lines besides the table: title, the
// selected row's notes (4), the flash, the filter and the footer (2).
func (m *model) chromeLines() int {
	n := 9
	if m.o.Demo {
		n++
	}
	return n
}

// columns are the table's columns for the width: endpoint and Nexset only
// where they fit; the last run takes what is left.
func columns(width int) []table.Column {
	cols := []table.Column{{Title: " ", Width: 1}, {Title: "Name", Width: 20}}
	if width >= wide {
		cols = append(cols, table.Column{Title: "Endpoint", Width: 15}, table.Column{Title: "Nexset", Width: 14})
	} else {
		cols[1].Width = 14
	}
	cols = append(cols, table.Column{Title: "State", Width: 17},
		table.Column{Title: "Delivered", Width: 9}, table.Column{Title: "Failed", Width: 6},
		table.Column{Title: "In doubt", Width: 8}, table.Column{Title: "Pending", Width: 7})
	if width < wide {
		cols[3].Title, cols[3].Width = "Sent", 4
		cols[4].Title, cols[4].Width = "Fail", 4
		cols[5].Title, cols[5].Width = "Doubt", 5
		cols[6].Title, cols[6].Width = "Pend", 4
	}
	used := 0
	for _, c := range cols {
		used += c.Width + 1
	}
	return append(cols, table.Column{Title: "Last run", Width: max(12, width-used-1)})
}

// fillTable puts the shown rows into the table, the cursor's marked.
func (m *model) fillTable() {
	m.table.SetColumns(columns(m.width))
	isWide := m.width >= wide
	rows := make([]table.Row, len(m.shown))
	cur := m.table.Cursor()
	for n, i := range m.shown {
		r := &m.rows[i]
		mark := " "
		if n == cur {
			mark = "›"
		}
		cells := []string{mark, termtext.Line(r.name)}
		if isWide {
			cells = append(cells, termtext.Line(r.endpoint), termtext.Line(r.nexset))
		}
		cells = append(cells, m.stateWords(r))
		cells = append(cells, m.countCells(r)...)
		cells = append(cells, m.lastRunWords(r))
		rows[n] = cells
	}
	m.table.SetRows(rows)
}

// stateWords is a row's state: paused, active, running (the process in
// the notes), never activated, or what keeps it from being known.
func (m *model) stateWords(r *row) string {
	g := r.glance
	switch {
	case r.problem != "":
		return "not valid"
	case !r.glanced:
		return "…"
	case g.pid > 0 && g.host != "":
		return "running elsewhere"
	case g.pid > 0:
		return "running"
	case g.ledgerErr != "":
		return "ledger unreadable"
	case g.never:
		return "never activated"
	}
	return string(r.d.Status)
}

// countCells are delivered, failed, in doubt and pending from the ledger.
func (m *model) countCells(r *row) []string {
	g := r.glance
	if r.problem != "" || !r.glanced || g.counts == nil {
		dash := "-"
		if !r.glanced && r.problem == "" {
			dash = "…"
		}
		return []string{dash, dash, dash, dash}
	}
	c := g.counts
	return []string{strconv.Itoa(c[ledger.Delivered]), strconv.Itoa(c[ledger.Failed]), strconv.Itoa(c[ledger.InDoubt]),
		strconv.Itoa(c[ledger.Pending] + c[ledger.InFlight])}
}

// lastRunWords is the last run's time and result, or the file's first
// problem when it does not load.
func (m *model) lastRunWords(r *row) string {
	if r.problem != "" {
		return termtext.Line(r.problem)
	}
	run := r.glance.last
	if run == nil {
		return ""
	}
	when := ""
	if m.width >= wide {
		when = run.StartedAt.In(m.o.Location).Format("01-02 15:04") + " "
	}
	if run.Mode != ledger.ModeActivate {
		when += run.Mode + ": "
	}
	return when + m.pausedMark(r) + runResult(run, r.glance.pid > 0)
}

// pausedMark is "paused · " before the last run's result when the
// destination is paused and nothing runs it: its last run is where it
// stopped, and space offers activation again.
func (m *model) pausedMark(r *row) string {
	if r.d == nil || r.d.Status != flow.StatusPaused || r.glance.pid > 0 {
		return ""
	}
	if l := m.runs.get(r.path); l != nil && !l.ended() {
		return ""
	}
	return "paused · "
}

// holderWords names the process delivering r now, "" when none.
func holderWords(g glance) string {
	switch {
	case g.pid > 0 && g.host != "":
		return fmt.Sprintf("being delivered by process %d on %s", g.pid, g.host)
	case g.pid > 0:
		return fmt.Sprintf("being delivered by process %d", g.pid)
	}
	return ""
}

// runResult says how a run ended, in a word or two.
func runResult(run *ledger.Run, running bool) string {
	switch {
	case running && !run.Finished:
		return fmt.Sprintf("%d delivered so far", run.Delivered)
	case !run.Finished:
		return "did not finish"
	case run.Err != "" && run.Err != "interrupted":
		return "stopped: " + termtext.Line(run.Err) // nothing could succeed: why, not "interrupted"
	case run.Interrupted:
		return "interrupted"
	case run.Err != "":
		return "stopped"
	case run.Failed > 0 || run.InDoubt > 0:
		return fmt.Sprintf("%d failed, %d in doubt", run.Failed, run.InDoubt)
	}
	return fmt.Sprintf("%d delivered", run.Delivered)
}

// notes are what the selected row needs said in full: its file, endpoint
// and Nexset, and what is wrong (the file's first problem, the ledger, a
// missing credential).
func (m *model) notes(r *row) []string {
	out := []string{termtext.Line(fmt.Sprintf("%s · %s · Nexset %s", filepath.Base(r.path), orDash(r.endpoint), orDash(r.nexset)))}
	switch {
	case r.problem != "":
		out = append(out, m.st.err.Render(termtext.Line("does not load: "+r.problem)+" (cliodest validate "+filepath.Base(r.path)+")"))
	case r.glance.ledgerErr != "":
		out = append(out, m.st.err.Render(termtext.Line(r.glance.ledgerErr)))
	case r.glance.credErr != "":
		out = append(out, m.st.warn.Render(termtext.Line(r.glance.credErr)))
	}
	if run := r.glance.last; run != nil && r.problem == "" {
		out = append(out, fmt.Sprintf("Last run: %s %s, %s%s", run.StartedAt.In(m.o.Location).Format("2006-01-02 15:04"), run.Mode, m.pausedMark(r), runResult(run, r.glance.pid > 0)))
	}
	if h := holderWords(r.glance); h != "" {
		out = append(out, h)
	}
	if l := m.runs.get(r.path); l != nil && !l.ended() {
		out = append(out, "running from here: a opens its live view")
	}
	return out
}

// noteLines are r's notes in rows lines: each note after the first (the
// file's) wraps into the lines the notes after it leave, so a problem and
// what to run about it are read whole; what still does not fit is cut.
func (m *model) noteLines(r *row, rows int) []string {
	notes := m.notes(r)
	var out []string
	for i, n := range notes {
		left := rows - len(out) - (len(notes) - 1 - i) // one line kept for each note after it
		if left <= 0 {
			break
		}
		lines := []string{n}
		if i > 0 {
			lines = strings.Split(ansi.Wrap(n, m.width, ""), "\n")
		}
		if len(lines) > left {
			lines = lines[:left]
			lines[left-1] += "…" // truncate cuts it to the width, keeping a mark
		}
		out = append(out, lines...)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listView draws the list screen.
func (m *model) listView() string {
	var b strings.Builder
	if m.o.Demo {
		b.WriteString(m.st.banner.Render("Demo: a sandbox Clio on this machine - nothing leaves it") + "\n")
	}
	title := fmt.Sprintf("cliodest · %d destination(s) in %s", len(m.rows), termtext.Line(m.o.Dir))
	if len(m.shown) != len(m.rows) {
		title += fmt.Sprintf(" · %d shown", len(m.shown))
	}
	b.WriteString(m.st.title.Render(truncate(title, m.width)) + "\n")
	switch {
	case m.screen == quitScreen:
		b.WriteString(m.st.warn.Render("A run is in progress. Quit and stop it after its in-flight requests? (y/N)") + "\n")
	case m.screen == confirmScreen:
		b.WriteString(m.st.warn.Render(termtext.Line(m.confirmQuestion())) + "\n")
	}
	if len(m.rows) == 0 {
		b.WriteString("No destination files here. n creates one.\n")
	} else {
		b.WriteString(m.table.View() + "\n")
	}
	notes := []string{"", "", "", ""}
	if r := m.selected(); r != nil {
		copy(notes, m.noteLines(r, len(notes)))
	}
	for _, n := range notes {
		b.WriteString(truncate(n, m.width) + "\n")
	}
	if m.typing || m.filter.Value() != "" {
		b.WriteString(m.filter.View() + "\n")
	}
	if m.flash != "" {
		b.WriteString(truncate(termtext.Line(m.flash), m.width) + "\n")
	}
	b.WriteString(m.footer(m.keys.listKeys()))
	return b.String()
}

// truncate cuts s to width cells.
func truncate(s string, width int) string {
	if width <= 0 {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// statusOf reads the destination's status from its file now.
func statusOf(path string) flow.Status {
	d, err := flow.Load(path)
	if err != nil {
		return ""
	}
	return d.Status
}
