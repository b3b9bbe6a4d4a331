package ui

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// stepID numbers the wizard's steps in order.
type stepID int

const (
	stepNexset stepID = iota
	stepCredential
	stepEndpoint
	stepMapping
	stepExclude
	stepBatching
	stepWebhook
	stepTest
	stepSave
	stepCount
)

var stepTitles = [stepCount]string{"Nexset", "Credential", "Endpoint", "Mapping", "Exclude", "Batching", "Webhook", "Test", "Save"}

// step is one screen of the wizard. Steps keep their own widgets and write
// the user's choices into the shared destination (env.d) as they change, so
// the side pane follows every keystroke and going back loses nothing.
type step interface {
	// enter runs when the step becomes current (forward or back).
	enter(env *stepEnv) tea.Cmd
	// update gets every message while the step is current.
	update(env *stepEnv, msg tea.Msg) tea.Cmd
	// view draws the step's body in width columns.
	view(env *stepEnv, width int) string
	// keys lists the step's own bindings for the footer: the same
	// bindings its update matches keys against (key.Matches).
	keys(env *stepEnv) []key.Binding
	// busy is true while the step owns esc (a dialog, a search, an editor,
	// slow work to cancel): the wizard then does not go back on esc.
	busy() bool
}

// model is the wizard's root: the shared state, the current step, the side
// pane and the global keys.
type model struct {
	stepEnv // what the steps share and depend on (stepenv.go)
	cancel  context.CancelFunc
	// askBackground: the input is a terminal, which is asked for its
	// background colour so the styles suit a light one too.
	askBackground bool
	keys          globalKeys
	help          help.Model

	width, height int
	cur           stepID
	visited       [stepCount]bool
	steps         [stepCount]step

	pane        pane
	showPane    bool   // narrow terminals: the pane shown full width
	quitAsk     bool   // ctrl+c asked "discard?"
	original    []byte // cliodest edit: the file as loaded, to tell a real change
	inputClosed bool
	lastFrame   string       // the last frame drawn before quitting (golden tests)
	opening     *openingTest // opening at the Test step (Options.StartAtTest) until both answers are in
}

// connection is the checked credential: where requests go and as whom.
type connection struct {
	name   string // credential name; "" for CLIODEST_TOKEN
	label  string // "firm (us, Jane Doe)"
	host   clio.Host
	client *clio.Client
	user   clio.User
	ok     bool
}

// session is the connection as flow/session's use cases take it.
func (c connection) session() *session.Conn {
	return &session.Conn{Client: c.client, Host: c.host, Label: c.label, Name: c.name, User: c.user}
}

func newModel(ctx context.Context, o Options) (*model, error) {
	ctx, cancel := context.WithCancel(ctx)
	m := &model{stepEnv: stepEnv{ctx: ctx, o: o, execProcess: tea.ExecProcess, st: newStyles(true), total: -1,
		spin: spinner.New(spinner.WithSpinner(spinner.Line)), d: flow.New("destination"), uses: o.Session()},
		cancel: cancel, keys: newGlobalKeys(), help: help.New(), width: 100, height: 30}
	m.nav = m
	if o.EditPath != "" {
		if err := m.load(o.EditPath); err != nil {
			cancel()
			return nil, err
		}
		if o.Demo {
			m.d.BaseURL = "" // an earlier demo's sandbox, gone: see credCheckedMsg
		}
		m.original = m.fileBytes()
	}
	m.steps = [stepCount]step{
		stepNexset: newNexsetStep(&m.stepEnv), stepCredential: newCredStep(), stepEndpoint: newEndpointStep(&m.stepEnv),
		stepMapping: newMappingStep(), stepExclude: newExcludeStep(), stepBatching: newBatchingStep(&m.stepEnv),
		stepWebhook: newWebhookStep(&m.stepEnv), stepTest: newTestStep(), stepSave: newSaveStep(&m.stepEnv),
	}
	m.pane = newPane()
	m.resetLookups()
	m.layout()
	return m, nil
}

func (m *model) Init() tea.Cmd {
	m.visited[m.cur] = true
	cmds := []tea.Cmd{m.steps[m.cur].enter(&m.stepEnv), tea.RequestWindowSize, m.startOpenTest()}
	if m.askBackground {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// shutdown stops whatever background work is still running.
func (m *model) shutdown() { m.cancel() }

// finish prints the outcome on the result stream once the UI is gone.
func (m *model) finish(w io.Writer) error {
	if m.inputClosed && m.savedPath == "" {
		return ErrInputClosed
	}
	if w == nil || m.savedPath == "" {
		if m.savedPath == "" && !m.dirty {
			return nil
		}
		if m.savedPath == "" {
			return ErrAborted
		}
		return nil
	}
	if _, err := fmt.Fprintf(w, "Saved %s (%s)\n", m.savedPath, m.d.Status); err != nil {
		return err
	}
	if m.activated != "" {
		_, err := fmt.Fprintln(w, m.activated)
		return err
	}
	if m.d.Status != flow.StatusActive {
		_, err := fmt.Fprintf(w, "Activate it with: cliodest activate %s\n", m.savedPath)
		return err
	}
	return nil
}

// goTo makes s the current step.
func (m *model) goTo(s stepID) tea.Cmd {
	if s < 0 || s >= stepCount {
		return nil
	}
	m.cur = s
	m.visited[s] = true
	m.flash = ""
	m.layout()
	return m.steps[s].enter(&m.stepEnv)
}

func (m *model) next() tea.Cmd { return m.goTo(m.step(m.cur, 1)) }

// step is the step dir (+1 or -1) away from s, past the skipped ones.
func (m *model) step(s stepID, dir stepID) stepID {
	s += dir
	for s > 0 && s < stepCount-1 && m.skipped(s) {
		s += dir
	}
	return s
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case inputClosedMsg:
		m.quitting, m.inputClosed = true, true
		return m, tea.Quit
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.st, m.help.Styles = newStyles(msg.IsDark()), help.DefaultStyles(msg.IsDark())
		m.refreshSamples()
		return m, nil
	case spinner.TickMsg:
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		if m.anyBusy() {
			return m, cmd
		}
		return m, nil
	case tea.KeyPressMsg:
		if cmd, done := m.globalKey(msg); done {
			return m, cmd
		}
	case tea.MouseWheelMsg:
		m.pane.update(msg)
		return m, nil
	case lookupsMsg:
		m.takeLookups(msg)
		m.refreshSamples()
		return m, nil
	case openCredMsg:
		m.takeOpenCred(msg)
		return m, tea.Batch(m.openTestWhenReady(), m.lookupCmd())
	}
	cmd := m.steps[m.cur].update(&m.stepEnv, msg)
	m.refreshSamples()
	if m.quitting {
		return m, tea.Quit
	}
	return m, tea.Batch(cmd, m.openTestWhenReady(), m.lookupCmd())
}

// anyBusy keeps the spinner ticking only while something waits.
func (m *model) anyBusy() bool { return m.steps[m.cur].busy() }

func (m *model) globalKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.quitAsk {
		if key.Matches(k, m.keys.discard) {
			m.quitting = true
			return tea.Quit, true
		}
		m.quitAsk = false
		return nil, true
	}
	switch {
	case key.Matches(k, m.keys.quit):
		if !m.changed() {
			m.quitting, m.dirty = true, false
			return tea.Quit, true
		}
		m.quitAsk = true
		return nil, true
	case key.Matches(k, m.keys.pane):
		m.showPane = !m.showPane
		m.layout()
		return nil, true
	case key.Matches(k, m.keys.expand):
		m.pane.expanded = !m.pane.expanded
		m.pane.render(m)
		return nil, true
	case key.Matches(k, m.keys.scrollDown, m.keys.scrollUp):
		if t, ok := m.steps[m.cur].(interface{ typing() bool }); ok && t.typing() {
			return nil, false // an editor pages through its own text
		}
		m.pane.update(k)
		return nil, true
	case key.Matches(k, m.keys.back):
		if m.steps[m.cur].busy() || m.cur == 0 {
			return nil, false
		}
		return m.goTo(m.step(m.cur, -1)), true
	}
	return nil, false
}

// refreshSamples recomputes the side pane from flow's Samples.
func (m *model) refreshSamples() { m.pane.refresh(m) }

// wide says whether the pane fits beside the step.
func (m *model) wide() bool { return m.width >= 100 }

func (m *model) paneWidth() int {
	if !m.wide() {
		return m.width
	}
	return max(40, m.width*45/100)
}

func (m *model) bodyWidth() int {
	if !m.wide() {
		return m.width
	}
	return m.width - m.paneWidth() - 1
}

// layout gives every child its size after a resize or a pane toggle.
func (m *model) layout() {
	m.help.SetWidth(m.width)
	h := m.bodyHeight()
	m.pane.setSize(m.paneWidth(), h)
	for _, s := range m.steps {
		if r, ok := s.(interface{ resize(int, int) }); ok {
			r.resize(m.bodyWidth(), h)
		}
	}
	m.pane.render(m)
}

func (m *model) View() tea.View {
	var v tea.View
	if !m.quitting {
		m.lastFrame = m.render()
	}
	v.AltScreen = true
	v.WindowTitle = "cliodest"
	v.SetContent(m.lastFrame)
	return v
}

func (m *model) render() string {
	if m.quitting {
		return ""
	}
	var b strings.Builder
	if m.o.Demo {
		b.WriteString(m.st.banner.Render("Demo: a sandbox Clio on this machine - nothing leaves it") + "\n")
	}
	b.WriteString(m.indicator() + "\n\n")
	var body string
	switch {
	case m.quitAsk:
		body = m.st.warn.Render(m.discardQuestion())
	case !m.wide() && m.showPane:
		body = m.pane.view(m)
	default:
		body = m.st.title.Render(stepTitles[m.cur]) + "\n\n" + m.steps[m.cur].view(&m.stepEnv, m.bodyWidth())
		if m.flash != "" {
			body += "\n" + m.flash
		}
	}
	if m.wide() && !m.quitAsk {
		left := lipgloss.NewStyle().Width(m.bodyWidth()).MaxHeight(m.bodyHeight()).Render(body)
		body = lipgloss.JoinHorizontal(lipgloss.Top, left, " ", m.pane.view(m))
	} else {
		// Wrapped like the wide layout's left column: a long line (a flow
		// problem) was cut at the terminal's edge on narrow screens.
		body = lipgloss.NewStyle().Width(m.width).MaxHeight(m.bodyHeight()).Render(body)
	}
	b.WriteString(body)
	if !m.wide() {
		b.WriteString("\n" + truncate(m.sampleBar(), m.width))
	}
	b.WriteString("\n" + m.footer())
	return b.String()
}

func (m *model) indicator() string {
	parts := make([]string, 0, stepCount)
	for i := stepID(0); i < stepCount; i++ {
		t := stepTitles[i]
		switch {
		case i == m.cur:
			parts = append(parts, m.st.stepOn.Render(t))
		case m.skipped(i):
			parts = append(parts, m.st.stepOff.Render(t))
		case m.visited[i]:
			parts = append(parts, m.st.stepDone.Render(t))
		default:
			parts = append(parts, m.st.stepOff.Render(t))
		}
	}
	return wrapJoin(joinSep(parts, " › "), m.width, "")
}

// headerLines counts the lines above the body: the demo banner, the step
// indicator (it wraps on narrow terminals) and a blank line.
func (m *model) headerLines() int {
	n := strings.Count(m.indicator(), "\n") + 2
	if m.o.Demo {
		n++
	}
	return n
}

// bodyHeight is what the header and a footer of up to two lines leave
// (and, below 100 columns, the samples bar).
func (m *model) bodyHeight() int {
	h := m.height - m.headerLines() - 2
	if !m.wide() {
		h--
	}
	return max(5, h)
}

func joinSep(parts []string, sep string) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		if i < len(parts)-1 {
			p += strings.TrimRight(sep, " ")
		}
		out[i] = p
	}
	return out
}

// footer lists the keys that work now: the step's own first, then the
// pane's. When they do not fit one line they take two, so the pane key on
// narrow terminals is never cut off.
func (m *model) footer() string {
	if m.quitAsk {
		return m.help.ShortHelpView([]key.Binding{m.keys.discard, m.keys.keepEditing})
	}
	var own []key.Binding
	if !m.wide() && m.showPane {
		// The step is hidden behind the pane: say how to get it back.
		own = append(own, bind("ctrl+p", "ctrl+p", "back to "+stepTitles[m.cur]))
	} else {
		own = append(own, shown(m.steps[m.cur].keys(&m.stepEnv))...)
		if m.cur > 0 && !m.steps[m.cur].busy() {
			own = append(own, m.keys.back)
		}
	}
	var glob, paneKeys []key.Binding
	if !m.wide() && !m.showPane {
		// the pane is hidden: only the key that shows it means anything
		glob = append(glob, m.keys.pane)
	} else {
		expand := m.keys.expand
		if m.pane.expanded {
			expand = bind("ctrl+o", "ctrl+o", "collapse samples")
		}
		paneKeys = []key.Binding{expand, m.keys.scrollDown}
	}
	one := m.help
	one.SetWidth(0)
	all := append(append(append(append([]key.Binding{}, own...), glob...), paneKeys...), m.keys.quit)
	if line := one.ShortHelpView(all); visibleWidth(line) <= m.width {
		return line
	}
	// On its own line quit comes before the pane's keys: a cut line keeps it.
	glob = append(append(glob, m.keys.quit), paneKeys...)
	return m.help.ShortHelpView(own) + "\n" + m.help.ShortHelpView(glob)
}

func visibleWidth(s string) int { return lipgloss.Width(s) }
