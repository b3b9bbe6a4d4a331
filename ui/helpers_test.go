package ui

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
)

// fixture is a sandbox Clio and a directory holding a Nexset.
type fixture struct {
	dir    string
	srv    *sandbox.Server
	host   clio.Host
	token  string
	nexset string
}

const timeEntries = `{"entry_id":"TE-1","work_date":"2024-03-04","hours":1.5,"matter_id":3001,"user_id":1001,"narrative":"Research","internal_notes":"secret note"}
{"entry_id":"TE-2","work_date":"2024-03-05","hours":0.5,"matter_id":3002,"user_id":1002,"narrative":"Call","internal_notes":"x"}
{"entry_id":"TE-3","work_date":"2024-03-06","hours":2,"matter_id":3001,"user_id":1001,"narrative":"Draft","internal_notes":"y"}
`

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWith(t, sandbox.Config{RateLimit: -1})
}

// newFixtureWith is newFixture with a sandbox configured by cfg.
func newFixtureWith(t *testing.T, cfg sandbox.Config) *fixture {
	t.Helper()
	dir := t.TempDir()
	srv := sandbox.New(cfg)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := srv.IssueToken()
	path := filepath.Join(dir, "entries.jsonl")
	if err := os.WriteFile(path, []byte(timeEntries), 0o600); err != nil {
		t.Fatal(err)
	}
	return &fixture{dir: dir, srv: srv, host: host, token: access, nexset: path}
}

// newOfflineFixture is a fixture without a sandbox: the directory holding
// the Nexset, and a Clio at a loopback address nothing listens on. Tests
// that never ask Clio take it; their walks connect without asking
// (connectOffline).
func newOfflineFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	host, err := clio.ParseBaseURL("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "entries.jsonl")
	if err := os.WriteFile(path, []byte(timeEntries), 0o600); err != nil {
		t.Fatal(err)
	}
	return &fixture{dir: dir, host: host, token: "offline", nexset: path}
}

// connectOffline stands for the credential check on an offline fixture:
// the wizard holds CLIODEST_TOKEN's connection, checked, as if Clio had
// answered who_am_i; enter on the Credential step then goes on. With a
// sandbox the check is the sandbox's.
func connectOffline(t *testing.T, m *model, f *fixture) {
	t.Helper()
	if f.srv != nil {
		return
	}
	withConn(t, &m.stepEnv, true)
	m.conn.host, m.conn.client = f.host, clio.NewClient(clio.Options{Host: f.host})
	m.resetLookups()
}

func (f *fixture) options() Options {
	return Options{Env: func(string) string { return "" }, BaseURL: f.host, HasBaseURL: true, Token: f.token,
		StartDir: f.dir, SavePath: filepath.Join(f.dir, "dest.yaml"), Result: &strings.Builder{}}
}

// newTestModel builds the wizard at a fixed size, without spinner ticks.
func newTestModel(t *testing.T, o Options, w, h int) *model {
	t.Helper()
	m, err := newModel(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.shutdown)
	m.noSpin = true
	drive(t, m, m.Init())
	drive(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	return m
}

// drive runs cmd and every command its messages return, feeding each
// message to the model, until nothing is left. Commands run one at a time
// and synchronously, so a test sees the state after all of them.
func drive(t *testing.T, m *model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("the model never went quiet")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			m.quitting = true
		default:
			if isTerminalQuery(msg) {
				continue
			}
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// isTerminalQuery spots Bubble Tea's own requests (window size, sequences)
// that only a real program answers.
func isTerminalQuery(msg tea.Msg) bool {
	name := reflect.TypeOf(msg).String()
	return strings.Contains(name, "windowSize") || strings.Contains(name, "sequenceMsg") || strings.HasPrefix(name, "tea.") && !strings.HasSuffix(name, "Msg")
}

// press sends keys: names such as "enter", "down", "ctrl+c", or text.
func press(t *testing.T, m *model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		msg := keyMsg(k)
		drive(t, m, func() tea.Msg { return msg })
	}
}

// pastePath pastes a path into the focused field, as a terminal does
// (one message): tests that type a path only to load it.
func pastePath(t *testing.T, m *model, path string) {
	t.Helper()
	drive(t, m, func() tea.Msg { return tea.PasteMsg{Content: path} })
}

// typeText sends each rune of s as a key press.
func typeText(t *testing.T, m *model, s string) {
	t.Helper()
	for _, r := range s {
		msg := tea.KeyPressMsg{Code: r, Text: string(r)}
		drive(t, m, func() tea.Msg { return msg })
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "space": {Code: tea.KeySpace, Text: " "},
		"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "ctrl+p": {Code: 'p', Mod: tea.ModCtrl}, "ctrl+o": {Code: 'o', Mod: tea.ModCtrl},
		"backspace": {Code: tea.KeyBackspace}, "home": {Code: tea.KeyHome}, "pgup": {Code: tea.KeyPgUp},
		"ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+f": {Code: 'f', Mod: tea.ModCtrl}, "pgdown": {Code: tea.KeyPgDown},
	}
	if n, ok := named[k]; ok {
		return tea.KeyPressMsg(n)
	}
	switch {
	case k == "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	case k == "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case len(k) == 6 && strings.HasPrefix(k, "ctrl+"):
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the current frame without styles.
func screen(m *model) string { return ansi.Strip(m.View().Content) }

type (
	clioLeaf   = clio.Leaf
	nexsetAttr = nexset.Attr
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func mustSet(tb testing.TB, s string) flow.Mapping {
	tb.Helper()
	mp, err := flow.ParseSetFlag(s, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return mp
}
