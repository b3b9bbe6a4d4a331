package home

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/table"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/ui/liveview"
)

// screen is what the home shows now.
type screen int

const (
	listScreen    screen = iota
	confirmScreen        // "Activate NAME? (y/N)"
	liveScreen           // a run's progress
	statusScreen         // failed and in-doubt records
	recordScreen         // one record and its request
	previewScreen        // the first records' requests
	quitScreen           // quitting with a run in progress
)

// model is the home's Bubble Tea model.
type model struct {
	ctx  context.Context
	o    Options
	keys keyMap
	st   styles
	help help.Model

	rows   []row
	shown  []int // indexes into rows that pass the filter, in order
	table  table.Model
	filter textinput.Model
	typing bool // the filter has the keys

	screen        screen
	before        screen // where the quit question returns to
	width, height int
	flash         string // one line: what just happened, or why a key did nothing

	runs     *runs
	liveFile string // the run the live view shows
	confirm  RunRequest
	bar      progress.Model

	status      statusView
	viewer      viewport.Model // preview and record text
	viewerTitle string
	viewerText  string               // what the viewer shows, before wrapping to the window
	loading     bool                 // a refresh is under way
	others      map[string]time.Time // the folder's YAML files that are no destination (refreshedMsg)

	next     *string // set when the program ends to open the wizard on *next
	nextTest bool    // … at its Test step (o.Test)

	footers map[footerKey]string

	// askBackground: the input is a terminal, which is asked for its
	// background colour (the styles start dark until it answers).
	askBackground bool
}

func newModel(ctx context.Context, o Options, rows []row, rs *runs) *model {
	o.fill()
	m := &model{ctx: ctx, o: o, keys: newKeyMap(), help: help.New(), rows: rows, runs: rs,
		width: 80, height: 24}
	m.filter = textinput.New()
	m.filter.Prompt = "/"
	m.filter.Placeholder = "name, file, endpoint or Nexset"
	m.table = table.New(table.WithKeyMap(tableKeys()), table.WithFocused(true))
	m.setBackground(true)
	m.bar = liveview.NewBar()
	m.viewer = viewport.New()
	m.applyFilter()
	m.layout()
	return m
}

// tableKeys moves through the table only; every letter stays the home's.
func tableKeys() table.KeyMap {
	km := table.DefaultKeyMap()
	km.PageUp = key.NewBinding(key.WithKeys("pgup"))
	km.PageDown = key.NewBinding(key.WithKeys("pgdown"))
	km.HalfPageUp = key.NewBinding(key.WithDisabled())
	km.HalfPageDown = key.NewBinding(key.WithDisabled())
	km.GotoTop = key.NewBinding(key.WithKeys("home"))
	km.GotoBottom = key.NewBinding(key.WithKeys("end"))
	return km
}

func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.refresh()}
	if m.askBackground {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	m.runs.mu.Lock()
	for _, l := range m.runs.m {
		if !l.ended() {
			cmds = append(cmds, l.watch())
		}
	}
	m.runs.mu.Unlock()
	return tea.Batch(cmds...)
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.setBackground(msg.IsDark())
		return m, nil
	case refreshedMsg:
		return m, m.refreshed(msg)
	case tickMsg:
		return m, m.refresh()
	case liveMsg:
		return m, m.liveChanged(msg)
	case statusLoadedMsg:
		m.statusLoaded(msg)
		return m, nil
	case textLoadedMsg:
		m.textLoaded(msg)
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// key routes a key to the screen that has it.
func (m *model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" && m.screen != quitScreen {
		return m.quit()
	}
	switch m.screen {
	case confirmScreen:
		return m.confirmKey(msg)
	case quitScreen:
		return m.quitKey(msg)
	case liveScreen:
		return m.liveKey(msg)
	case statusScreen:
		return m.statusKey(msg)
	case recordScreen, previewScreen:
		if key.Matches(msg, m.keys.Back, m.keys.Quit) {
			m.screen = m.backFromText()
			return nil
		}
		var cmd tea.Cmd
		m.viewer, cmd = m.viewer.Update(msg)
		return cmd
	}
	if m.typing {
		return m.filterKey(msg)
	}
	return m.listKey(msg)
}

// backFromText is where esc leads from a text screen.
func (m *model) backFromText() screen {
	if m.screen == recordScreen {
		return statusScreen
	}
	return listScreen
}

// quit leaves the home, asking first while a run started here goes on.
func (m *model) quit() tea.Cmd {
	if m.runs.active() {
		m.before, m.screen = m.screen, quitScreen
		return nil
	}
	return tea.Quit
}

func (m *model) quitKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Yes) {
		return tea.Quit // Run stops the runs and waits for their in-flight requests
	}
	m.screen = m.before
	return nil
}

// selected is the row under the cursor, nil when the list is empty.
func (m *model) selected() *row {
	c := m.table.Cursor()
	if c < 0 || c >= len(m.shown) {
		return nil
	}
	return &m.rows[m.shown[c]]
}

// applyFilter keeps the rows whose name, file, endpoint or Nexset holds the
// filter's text (any case), and redraws the table.
func (m *model) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.shown = m.shown[:0]
	for i, r := range m.rows {
		hay := strings.ToLower(r.name + " " + r.path + " " + r.endpoint + " " + r.nexset)
		if q == "" || strings.Contains(hay, q) {
			m.shown = append(m.shown, i)
		}
	}
	if m.table.Cursor() >= len(m.shown) {
		m.table.SetCursor(max(0, len(m.shown)-1))
	}
	m.fillTable()
}

func (m *model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter":
		m.typing = false
		m.filter.Blur()
		return nil
	case "esc":
		m.typing = false
		m.filter.Blur()
		m.filter.SetValue("")
		m.applyFilter()
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.applyFilter()
	return cmd
}

// View draws the screen; only the root builds the tea.View.
func (m *model) View() tea.View {
	var s string
	switch m.screen {
	case liveScreen:
		s = m.liveView()
	case statusScreen:
		s = m.statusView()
	case recordScreen, previewScreen:
		s = m.textView()
	default:
		s = m.listView()
	}
	v := tea.NewView(s)
	v.AltScreen = true
	v.WindowTitle = "cliodest"
	return v
}
