package ui

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/nexset"
	"github.com/cliodest/cliodest/flow/session"
)

// Step unit tests build one step with a stepEnv of their own: no model, no
// sandbox, no program. They drive the step's update with keys and read its
// view; the teatest journeys (golden_test.go, journey_test.go) stay the
// end-to-end layer.

// fakeNav is the wizard around a step under test: it counts the moves on.
type fakeNav struct{ nexts int }

func (n *fakeNav) next() tea.Cmd { n.nexts++; return nil }

// fakeSession is flow/session for a step's unit test, without a Clio: the
// use cases that only compute (the test request, keeping tests) are the
// real ones; Connect answers who, TestSend records the test and answers
// sent; activation and undo are refused.
type fakeSession struct {
	*session.Session
	who      *session.Conn // Connect's answer; nil refuses
	connects int
	sends    []session.Test
	sent     session.Tested // TestSend's answer
}

var errNoClio = errors.New("no Clio in this test")

func (f *fakeSession) Connect(context.Context, session.Login) (*session.Conn, error) {
	f.connects++
	if f.who == nil {
		return nil, errNoClio
	}
	return f.who, nil
}

func (f *fakeSession) TestSend(_ context.Context, _ *session.Conn, t session.Test) (session.Tested, error) {
	f.sends = append(f.sends, t)
	return f.sent, nil
}

func (f *fakeSession) UndoTest(context.Context, *session.Conn, session.Test, int64) (int64, error) {
	return 0, errNoClio
}

func (f *fakeSession) Activate(context.Context, session.Activation) (*session.Run, error) {
	return nil, errNoClio
}

// newTestEnv is an environment with an empty destination, no records and
// no connection; its options start in dir (a test's temporary directory),
// and its use cases are a fakeSession's.
func newTestEnv(t *testing.T, dir string) *stepEnv {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o := Options{Env: func(string) string { return "" }, StartDir: dir, SavePath: filepath.Join(dir, "dest.yaml")}
	env := &stepEnv{ctx: ctx, st: newStyles(true), d: flow.New("destination"), total: -1, noSpin: true,
		spin: spinner.New(), nav: &fakeNav{}, o: o, uses: &fakeSession{Session: o.Session()}}
	env.execProcess = func(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
		env.flash = "ran " + filepath.Base(c.Path) // what a test can see
		return nil
	}
	env.resetLookups()
	return env
}

// fake is env's fakeSession.
func fake(env *stepEnv) *fakeSession { return env.uses.(*fakeSession) }

// nexts is how many times the step moved the wizard on.
func nexts(env *stepEnv) int { return env.nav.(*fakeNav).nexts }

// heads are the heads withRecords read, by path: the key-map test sets a
// step up afresh for each key, in one directory.
var heads sync.Map

type head struct {
	jsonl  string
	recs   []nexset.Record
	schema nexset.Schema
}

// withRecords writes jsonl as the Nexset in env's directory and reads its
// head into env, as the Nexset step does (once per directory).
func withRecords(t *testing.T, env *stepEnv, jsonl string) {
	t.Helper()
	path := filepath.Join(env.o.StartDir, "entries.jsonl")
	h, ok := heads.Load(path)
	if !ok {
		if err := os.WriteFile(path, []byte(jsonl), 0o600); err != nil {
			t.Fatal(err)
		}
		recs, schema, err := nexset.Head(env.ctx, path, nexset.Options{}, headRecords)
		if err != nil {
			t.Fatal(err)
		}
		h, _ = heads.LoadOrStore(path, head{jsonl, recs, schema})
	}
	if h.(head).jsonl != jsonl {
		t.Fatalf("%s holds other records", path)
	}
	recs, schema := h.(head).recs, h.(head).schema
	env.d.Nexset = flow.NexsetRef{Path: path}
	env.recs, env.schema, env.total = recs, schema, len(recs)
}

// withConn gives env a checked connection to a Clio that is never asked:
// at a loopback address (a sandbox, so sends need no confirmation) or not.
func withConn(t *testing.T, env *stepEnv, sandbox bool) {
	t.Helper()
	raw := "https://eu.app.clio.com"
	if sandbox {
		raw = "http://127.0.0.1:1"
	}
	host, err := clio.ParseBaseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	env.conn = connection{label: "firm (Jane Doe)", host: host, client: clio.NewClient(clio.Options{Host: host}),
		user: clio.User{Name: "Jane Doe"}, ok: true}
	env.resetLookups()
}

// stepPress sends keys to the step alone and runs what they return, as
// drive does for the whole wizard.
func stepPress(t *testing.T, env *stepEnv, s step, keys ...string) {
	t.Helper()
	for _, k := range keys {
		stepRun(t, env, s, s.update(env, keyMsg(k)))
	}
}

// stepType types text into the step, one key per rune.
func stepType(t *testing.T, env *stepEnv, s step, text string) {
	t.Helper()
	for _, r := range text {
		stepRun(t, env, s, s.update(env, tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
}

// stepRun runs cmd and every command its messages return, feeding each
// message to the step, until nothing is left.
func stepRun(t *testing.T, env *stepEnv, s step, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for n := 0; len(queue) > 0; n++ {
		if n > 1000 {
			t.Fatal("the step never went quiet")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			if isTerminalQuery(msg) {
				continue
			}
			queue = append(queue, s.update(env, msg))
		}
	}
}

// stepScreen is the step's body at 100 columns, without styles.
func stepScreen(env *stepEnv, s step) string { return ansi.Strip(s.view(env, 100)) }

// stepFooter is the step's footer words, as the wizard shows them.
func stepFooter(env *stepEnv, s step) string {
	var out string
	for _, b := range shown(s.keys(env)) {
		out += b.Help().Key + " " + b.Help().Desc + " • "
	}
	return out
}
