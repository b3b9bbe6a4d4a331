package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/flow/session"
)

// testStep sends one sample request for real: pick a record, edit its body
// inline or in $EDITOR, confirm when the host is a real Clio, read the answer.
type testStep struct {
	rec      int
	plan     *flow.Planner
	plain    *flow.Planner // without lookups: a kept test's fingerprint is made as activation makes it
	kept     *testKept     // the object the last send created (testsend_keep.go)
	call     *flow.Call    // the record's request as built
	built    string        // its body as first shown, to tell an edit
	edited   *flow.Call    // the request with the edited body and its verdict; nil when unedited
	editFrom string        // the body when inline editing began
	buildErr string
	body     textarea.Model
	editing  bool
	confirm  bool
	sureBad  bool // "send a body Clio's rules refuse?" open
	sending  bool
	cancel   context.CancelFunc
	result   *testResult
	prior    *ledger.Entry // the record as the ledger holds it delivered already (testsend_prior.go); nil when not
	width    int
	height   int
}

// testResult is flow's answer to a test send, made ready for display.
type testResult struct {
	flow.TestResult
	err string // why it failed, in words; "" when accepted
}

type testSentMsg struct {
	res testResult
	out session.Tested // the send's effects (testsend_keep.go)
}
type editorDoneMsg struct {
	path string
	err  error
}

func newTestStep() step {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	st := ta.Styles()
	st.Cursor.Blink = false // no timer-driven redraws
	ta.SetStyles(st)
	ta.SetHeight(10)
	return &testStep{body: ta}
}

func (s *testStep) resize(w, h int) {
	s.width, s.height = w, h
	s.body.SetWidth(max(20, w-2))
	s.body.SetHeight(max(4, min(14, h-16)))
}

func (s *testStep) busy() bool { return s.editing || s.confirm || s.sureBad || s.sending }

// typing: the body editor takes the paging keys the side pane has otherwise.
func (s *testStep) typing() bool { return s.editing }

// testKeys are the Test step's bindings, per state: the footer shows them
// and update matches them. While the body is edited inline every key but
// esc is the text area's; the footer names the useful ones (edit*).
type testKeys struct {
	cancel, yes, no                                    key.Binding // a send in flight; a question
	undo, keep, send, prev, next, edit, editor, onward key.Binding
	doneEditing, editMove, editPage, editLine          key.Binding
}

var testKeyMap = testKeys{
	cancel:      bind("esc", "esc", "cancel"),
	yes:         bind("y Y", "y", "send"),
	no:          bind("n esc", anyOtherKey, "don't"),
	undo:        bind("u", "u", "undo"),
	keep:        bind("k", "k", "keep"),
	send:        bind("s", "s", "send"),
	prev:        bind("left h", "←/→", "record"),
	next:        bind("right l", "", ""),
	edit:        bind("e", "e", "edit"),
	editor:      bind("ctrl+e", "ctrl+e", "$EDITOR"),
	onward:      bind("enter", "enter", "next"),
	doneEditing: bind("esc", "esc", "done editing"),
	editMove:    bind("up down left right", "↑/↓/←/→", "move"),
	editPage:    bind("pgup pgdown", "pgup/pgdn", "page"),
	editLine:    bind("home end", "home/end", "line start/end"),
}

func (s *testStep) keys(env *stepEnv) []key.Binding {
	km := &testKeyMap
	switch {
	case s.sending:
		return []key.Binding{km.cancel}
	case s.confirm, s.sureBad:
		return []key.Binding{km.yes, km.no}
	case s.editing:
		return []key.Binding{km.editMove, km.editPage, km.editLine, km.doneEditing}
	}
	var ks []key.Binding
	if s.offersUndo() {
		ks = append(ks, km.undo, km.keep)
	}
	if s.call != nil {
		ks = append(ks, km.send)
	}
	if len(env.recs) > 1 {
		ks = append(ks, km.prev, km.next)
	}
	if s.call != nil {
		ks = append(ks, km.edit, km.editor)
	}
	return append(ks, km.onward)
}

// enter builds the call of the chosen record with flow's planner.
func (s *testStep) enter(env *stepEnv) tea.Cmd {
	s.build(env)
	return nil
}

func (s *testStep) build(env *stepEnv) {
	s.call, s.edited, s.plan, s.plain, s.kept, s.buildErr = nil, nil, nil, nil, nil, ""
	s.result, s.prior = nil, nil // the answer and the ledger's entry were another record's
	if !env.conn.ok {
		s.buildErr = "Choose and check a credential first (Credential step)."
		return
	}
	if len(env.recs) == 0 {
		s.buildErr = "The Nexset has no records to send."
		return
	}
	s.rec = min(s.rec, len(env.recs)-1)
	p, err := env.d.PlanOn(env.conn.host)
	if err != nil {
		s.buildErr = clean(err.Error(), false)
		return
	}
	s.plain = p
	if e, ok := priorEntry(env, p, env.recs[s.rec]); ok {
		s.prior = &e
	}
	// A lookup's few reads are made before the record is shown.
	c, p, err := env.uses.TestRequest(env.ctx, p, env.conn.session(), env.recs[s.rec])
	if err != nil {
		s.buildErr = clean(err.Error(), false)
		return
	}
	s.plan, s.call = p, &c
	s.built = flow.PrettyBody(c.Body)
	s.body.SetValue(s.built)
}

// checkEdit asks flow for the catalogue's verdict on the body as edited.
func (s *testStep) checkEdit() {
	s.edited = nil
	if s.call == nil || s.call.Body == nil || s.body.Value() == s.built {
		return
	}
	c := s.plan.WithBody(*s.call, []byte(s.body.Value()))
	s.edited = &c
}

// sending is the request a send would make: the edited one if any.
func (s *testStep) sendCall() flow.Call {
	if s.edited != nil {
		return *s.edited
	}
	return *s.call
}

func (s *testStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case testSentMsg:
		s.sending = false
		s.result = &msg.res
		s.keepTest(env, msg.out)
		return nil
	case testUndoneMsg:
		s.undone(msg)
		return nil
	case editorDoneMsg:
		defer os.Remove(msg.path)
		if msg.err != nil {
			env.flash = env.st.err.Render("editor: " + clean(msg.err.Error(), false))
			return nil
		}
		b, err := os.ReadFile(msg.path)
		if err != nil {
			env.flash = env.st.err.Render(clean(err.Error(), false))
			return nil
		}
		s.body.SetValue(string(b))
		s.result = nil // the answer was to another body
		s.checkEdit()
		return nil
	case tea.KeyPressMsg:
		km := &testKeyMap
		switch {
		case s.sending:
			if key.Matches(msg, km.cancel) && s.cancel != nil {
				s.cancel()
			}
			return nil
		case s.confirm:
			s.confirm = false
			if key.Matches(msg, km.yes) {
				return s.send(env)
			}
			return nil
		case s.sureBad:
			s.sureBad = false
			if key.Matches(msg, km.yes) {
				return s.sendAsked(env, true)
			}
			return nil
		case s.editing:
			if key.Matches(msg, km.doneEditing) {
				s.editing = false
				s.body.Blur()
				if s.body.Value() != s.editFrom {
					s.result = nil // the answer was to another body
				}
				s.checkEdit()
				return nil
			}
			var cmd tea.Cmd
			s.body, cmd = s.body.Update(msg)
			return cmd
		}
		switch {
		case key.Matches(msg, km.prev):
			if s.rec > 0 {
				s.rec--
				s.build(env)
			}
		case key.Matches(msg, km.next):
			if s.rec < len(env.recs)-1 {
				s.rec++
				s.build(env)
			}
		case key.Matches(msg, km.edit):
			if s.call != nil {
				s.editing, s.editFrom = true, s.body.Value()
				s.cursorToProblem()
				return s.body.Focus()
			}
		case key.Matches(msg, km.editor):
			if s.call != nil {
				return s.openEditor(env)
			}
		case key.Matches(msg, km.send):
			return s.sendAsked(env, false)
		case key.Matches(msg, km.undo):
			if s.offersUndo() {
				return s.undoTest(env)
			}
		case key.Matches(msg, km.keep):
			if s.offersUndo() {
				s.kept.settled = true
			}
		case key.Matches(msg, km.onward):
			return env.next()
		}
	default:
		if s.editing {
			var cmd tea.Cmd
			s.body, cmd = s.body.Update(msg)
			return cmd
		}
	}
	return nil
}

// sendAsked sends after the questions a send needs: an edited body that is
// not JSON or that Clio's published rules refuse (unless sure), then a
// real Clio's.
func (s *testStep) sendAsked(env *stepEnv, sure bool) tea.Cmd {
	if s.call == nil {
		return nil
	}
	s.checkEdit()
	if !sure && s.edited != nil && len(s.edited.Problems) > 0 {
		s.sureBad = true
		return nil
	}
	if !flow.IsSandbox(env.conn.host) && !env.o.Demo {
		s.confirm = true
		return nil
	}
	return s.send(env)
}

// cursorToProblem puts the editor's cursor where the first problem of the
// body shown is, or at the top.
func (s *testStep) cursorToProblem() {
	c := s.call
	if s.edited != nil {
		c = s.edited
	}
	line, col := problemAt(s.body.Value(), c.Problems)
	s.body.MoveToBegin()
	for range line {
		s.body.CursorDown()
	}
	s.body.SetCursorColumn(col)
}

// openEditor hands the terminal to the editor on a temporary copy of the body.
func (s *testStep) openEditor(env *stepEnv) tea.Cmd {
	f, err := os.CreateTemp("", "cliodest-sample-*.json")
	if err != nil {
		env.flash = env.st.err.Render(clean(err.Error(), false))
		return nil
	}
	_, werr := f.WriteString(s.body.Value())
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		env.flash = env.st.err.Render(clean(err.Error(), false))
		return nil
	}
	path := f.Name()
	return env.execProcess(editorCommand(env.o.Env, path), func(err error) tea.Msg { return editorDoneMsg{path: path, err: err} })
}

// editorCommand runs $VISUAL, else $EDITOR, else the system's plain editor
// on path. The variable may carry arguments ("code --wait").
func editorCommand(env func(string) string, path string) *exec.Cmd {
	ed := strings.TrimSpace(env("VISUAL"))
	if ed == "" {
		ed = strings.TrimSpace(env("EDITOR"))
	}
	if ed == "" {
		ed = "vi"
		if runtime.GOOS == "windows" {
			ed = "notepad"
		}
	}
	parts := strings.Fields(ed)
	return exec.Command(parts[0], append(parts[1:], path)...)
}

func (s *testStep) send(env *stepEnv) tea.Cmd {
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.sending, s.result = cancel, true, nil
	s.checkEdit()
	sess, conn := env.uses, env.conn.session()
	t := session.Test{Dest: env.d, File: env.ledgerFile(), Plan: s.plain, Rec: env.recs[s.rec], Call: s.sendCall(), Edited: s.edited != nil}
	return tea.Batch(func() tea.Msg {
		out, err := sess.TestSend(ctx, conn, t)
		r := testResult{TestResult: out.TestResult}
		switch {
		case err != nil:
			r.err = "Not sent: " + err.Error()
		case out.SendErr != nil && out.Status == 0:
			r.err = flow.NoAnswer(out.SendErr)
		case out.SendErr != nil:
			var ae *clio.APIError
			if errors.As(out.SendErr, &ae) && ae.Message != "" {
				r.err = ae.Message
			}
		}
		return testSentMsg{res: r, out: out}
	}, env.startSpinner())
}

func (s *testStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	if s.buildErr != "" {
		b.WriteString(st.err.Render(s.buildErr) + "\n\nenter continues without a test.\n")
		return b.String()
	}
	if s.call == nil {
		return "No request to send.\n"
	}
	b.WriteString(s.heading(env) + "\n")
	u, fields, _ := strings.Cut(s.call.URL, "?fields=")
	b.WriteString(st.label.Render(s.call.Method) + " " + clean(u, false) + "\n")
	if fields != "" {
		b.WriteString(st.dim.Render(truncate("  ?fields="+clean(fields, false), width)) + "\n")
	}
	if s.editing || s.edited != nil {
		b.WriteString(st.warn.Render(hangIndent("This edit is sent by this test only; if it creates an object, activation updates that object to match the record.", width, "")) + "\n")
	}
	// What follows the body is drawn first: the body gives up lines to it
	// when the step is short, so Clio's answer is never cut off.
	var tail strings.Builder
	if !s.editing {
		tail.WriteString(s.verdict(env))
	}
	tail.WriteString("\n")
	s.viewAnswer(env, &tail)
	if s.call.Body != nil {
		if s.editing {
			b.WriteString(s.body.View() + "\n")
		} else {
			room := s.height - 4 - strings.Count(b.String(), "\n") - strings.Count(tail.String(), "\n")
			b.WriteString(clipLines(clean(s.body.Value(), true), max(4, room), "e shows them all") + "\n")
		}
	}
	b.WriteString(tail.String())
	return b.String()
}

// heading names the record: "of N" when the Nexset's records are all
// here, else "of the first N", with the Nexset's count once known.
func (s *testStep) heading(env *stepEnv) string {
	n, line := len(env.recs), env.recs[s.rec].Line
	if env.total == n || env.total < 0 && n < headRecords {
		return fmt.Sprintf("Record %d of %d (line %d)", s.rec+1, n, line)
	}
	if env.total > n {
		return fmt.Sprintf("Record %d of the first %d (line %d; %d in the Nexset)", s.rec+1, n, line, env.total)
	}
	return fmt.Sprintf("Record %d of the first %d (line %d)", s.rec+1, n, line)
}

// clipLines keeps the first n lines of s, saying how many it left out.
func clipLines(s string, n int, hint string) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	return strings.Join(lines[:n-1], "\n") + fmt.Sprintf("\n… %d more lines (%s)", len(lines)-n+1, hint)
}

// viewAnswer draws what the send key leads to: the confirmation, the
// spinner, Clio's answer, or before any send what a send does.
func (s *testStep) viewAnswer(env *stepEnv, b *strings.Builder) {
	st := &env.st
	switch {
	case s.sureBad:
		what := "Clio's published rules refuse the edited body (above)"
		if !json.Valid(s.edited.Body) {
			what = "The edited body is not valid JSON"
		}
		b.WriteString(st.warn.Render(what+". Send it anyway? (y/N)") + "\n")
	case s.confirm:
		b.WriteString(st.warn.Render(fmt.Sprintf("This creates or changes a REAL object in Clio (%s, %s). Send it? (y/N)",
			clean(env.conn.label, false), env.conn.host)) + "\n")
	case s.sending:
		b.WriteString(env.spin.View() + " sending to Clio… (esc cancels)\n")
	case s.result != nil:
		b.WriteString(s.answer(env))
	default:
		b.WriteString(st.dim.Render(s.consequence(env)) + "\n")
		if env.d.ResponseWebhook.Enabled {
			b.WriteString(st.dim.Render("A test send does not call the response webhook (cliodest test --webhook does).") + "\n")
		}
		if env.conn.client != nil {
			if rl := env.conn.client.LastRateLimit(); rl.Known {
				b.WriteString(st.dim.Render(rateLine(rl)) + "\n")
			}
		}
	}
}

// consequence says what sending does: a real object, which a create keeps
// as the record's delivery (activation does not make it again).
func (s *testStep) consequence(env *stepEnv) string {
	what := "creates a real object"
	if s.call.Method != "POST" {
		what = "changes a real object"
	}
	where := "in Clio"
	if flow.IsSandbox(env.conn.host) || env.o.Demo {
		where = "in the sandbox"
	}
	then := "Activation sends this record again (an update is the same change made twice)."
	switch {
	case s.call.Method != "POST" || s.plain == nil || s.plain.Method() != "POST":
	case s.prior != nil:
		then = secondObject(s.rec+1, *s.prior)
	default:
		then = "The object it creates is kept as this record's delivery (u undoes it): activation does not create it again."
	}
	return fmt.Sprintf("s sends this request: it %s %s. %s", what, where, then)
}

// rateLine is the rate-limit state in words.
func rateLine(rl clio.RateLimit) string {
	out := fmt.Sprintf("Rate limit: %d of %d requests left in this window", rl.Remaining, rl.Limit)
	if !rl.Reset.IsZero() {
		out += " (it resets at " + rl.Reset.Local().Format("15:04:05") + ")"
	}
	return out
}

// verdict lists what Clio's published rules say of the body about to go:
// the edited one once edited, else the record's.
func (s *testStep) verdict(env *stepEnv) string {
	c := s.call
	what := "Clio's published rules refuse this body (send it to read Clio's answer, or edit it):"
	if s.edited != nil {
		c = s.edited
		what = "Clio may refuse the edited body:"
		if len(c.Problems) == 0 {
			return env.st.ok.Render("The edited body follows Clio's published rules.") + "\n"
		}
	}
	if len(c.Problems) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(env.st.warn.Render(what) + "\n")
	for _, p := range c.Problems {
		b.WriteString(env.st.err.Render("  - "+clean(p, false)) + "\n")
	}
	return b.String()
}

// answer draws Clio's status, what became of the object (kept, or a
// second one), the rate-limit state, then Clio's answer: the answer, the
// longest, last, so that a short terminal cuts it rather than the note.
func (s *testStep) answer(env *stepEnv) string {
	st := &env.st
	r := s.result
	var b strings.Builder
	if r.Status != 0 {
		line := fmt.Sprintf("Status: %d", r.Status)
		if r.Accepted() {
			b.WriteString(st.ok.Render(line+" accepted") + st.dim.Render(" in "+r.Duration.Round(time.Millisecond).String()) + "\n")
		} else {
			b.WriteString(st.err.Render(line+" refused") + st.dim.Render(" in "+r.Duration.Round(time.Millisecond).String()) + "\n")
		}
	}
	if r.err != "" {
		b.WriteString(st.err.Render(clean(r.err, false)) + "\n")
	}
	switch k := s.kept; {
	case k != nil:
		b.WriteString(st.dim.Render(clean(k.says, false)) + "\n")
		if k.undoing {
			b.WriteString(env.spin.View() + " deleting it in Clio…\n")
		} else if s.offersUndo() {
			b.WriteString(st.label.Render(fmt.Sprintf("u undo (delete object %d in Clio) · k keep it", k.id)) + "\n")
		}
	case r.Accepted():
		b.WriteString(st.dim.Render("Activation sends this record again (an update is the same change made twice).") + "\n")
	}
	if rl := r.RateLimit; rl.Known {
		b.WriteString(st.dim.Render(rateLine(rl)) + "\n")
	} else if r.Status != 0 {
		b.WriteString(st.dim.Render("Rate limit: none reported (the answer had no X-RateLimit headers)") + "\n")
	}
	if r.Response != "" {
		lines := strings.Split(clean(r.Response, true), "\n")
		if len(lines) > 24 {
			lines = append(lines[:24], "…")
		}
		b.WriteString(strings.Join(lines, "\n") + "\n")
	}
	return b.String()
}

// offersUndo: the last send created an object that can still be undone.
func (s *testStep) offersUndo() bool {
	return s.kept != nil && !s.kept.undone && !s.kept.undoing && !s.kept.settled && !s.sending
}
