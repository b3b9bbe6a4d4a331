package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
	"github.com/cliodest/cliodest/flow/session"
)

// credStep picks the credential: a saved one, CLIODEST_TOKEN, or a new one
// made here (a pasted token or a browser login), checked with who_am_i.
type credStep struct {
	entries  []credEntry
	sel      int
	listErr  string
	checking bool
	advance  bool // the check came from enter on the list: once connected, go on
	cancel   context.CancelFunc
	checkErr string
	creating string // "", "token" or "oauth": the new-credential form is open
	fm       form
	oauthURL string
	width    int
}

type credEntry struct {
	kind  string // saved, env, new-token, new-oauth
	name  string
	label string
}

type credListMsg struct {
	creds []cred.Credential
	err   error
}

type credCheckedMsg struct {
	conn connection
	err  error
}

type oauthURLMsg struct {
	url  string
	next tea.Cmd
}

func newCredStep() step { return &credStep{} }

func (s *credStep) enter(env *stepEnv) tea.Cmd {
	store := env.o.Store
	return func() tea.Msg {
		if store == nil {
			return credListMsg{}
		}
		cs, err := store.List()
		return credListMsg{creds: cs, err: err}
	}
}

func (s *credStep) resize(w, _ int) { s.width = w; s.fm.setWidth(w) }

func (s *credStep) busy() bool { return s.checking || s.creating != "" }

// credKeys are the Credential step's bindings, per state: the footer shows
// them and update matches them. The new-credential form adds its own.
type credKeys struct {
	check, cont, up, down key.Binding // the list
	cancel                key.Binding // a check, or the new-credential form
}

var credKeyMap = credKeys{
	check:  bind("enter", "enter", "check and continue"),
	cont:   bind("enter", "enter", "continue"),
	up:     bind("up k", "↑/↓", "choose"),
	down:   bind("down j", "", ""),
	cancel: bind("esc", "esc", "cancel"),
}

func (s *credStep) keys(env *stepEnv) []key.Binding {
	km := credKeyMap
	switch {
	case s.checking:
		return []key.Binding{km.cancel}
	case s.creating != "":
		return s.fm.footer("next field / log in", km.cancel)
	case env.conn.ok:
		km.up.SetHelp("↑/↓", "choose another")
		return []key.Binding{km.cont, km.up, km.down}
	}
	return []key.Binding{km.check, km.up, km.down}
}

func (s *credStep) setEntries(env *stepEnv, cs []cred.Credential) {
	s.entries = s.entries[:0]
	if env.o.Token != "" {
		host := "us"
		if env.o.HasBaseURL {
			host = env.o.BaseURL.String()
		}
		s.entries = append(s.entries, credEntry{kind: "env", label: "token from CLIODEST_TOKEN (" + host + ")"})
	}
	for _, c := range cs {
		l := c.Name + " (" + c.HostLabel()
		if c.User.Name != "" {
			l += ", " + c.User.Name
		}
		s.entries = append(s.entries, credEntry{kind: "saved", name: c.Name, label: clean(l+")", false)})
		if c.Name == env.d.Credential {
			s.sel = len(s.entries) - 1
		}
	}
	if env.o.Store != nil {
		s.entries = append(s.entries,
			credEntry{kind: "new-token", label: "+ New credential: paste an access token"},
			credEntry{kind: "new-oauth", label: "+ New credential: log in with the browser (OAuth app)"})
	}
	s.sel = min(s.sel, max(0, len(s.entries)-1))
}

func (s *credStep) update(env *stepEnv, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case credListMsg:
		if msg.err != nil {
			s.listErr = clean(msg.err.Error(), false)
		}
		s.setEntries(env, msg.creds)
		return nil
	case credCheckedMsg:
		s.checking, s.oauthURL = false, ""
		if msg.err != nil {
			s.advance = false
			s.checkErr = "cancelled: the credential was not checked; enter checks it again"
			if !errors.Is(msg.err, context.Canceled) {
				s.checkErr = clean(msg.err.Error(), false)
			}
			return nil
		}
		s.checkErr = ""
		env.conn = msg.conn
		env.resetLookups()
		env.d.Credential = msg.conn.name
		switch {
		case env.o.Demo:
			// The demo's sandbox listens on a random port that is gone
			// when the demo ends: pinned, it would send the saved file's
			// requests nowhere (`cliodest demo FILE` reopens it on a new one).
			env.d.BaseURL = ""
		case env.o.HasBaseURL && env.o.PinBaseURL:
			env.d.BaseURL = env.o.BaseURL.String()
		}
		env.dirty = true
		if s.creating != "" {
			s.creating = ""
			return s.enter(env)
		}
		if s.advance {
			// One enter checks and goes on; the next step says as whom.
			s.advance = false
			cmd := env.next()
			env.flash = env.st.ok.Render("Connected as "+clean(env.conn.user.Name, false)) + env.st.dim.Render(" - "+clean(env.conn.label, false))
			return cmd
		}
		return nil
	case oauthURLMsg:
		s.oauthURL = msg.url
		return msg.next
	case tea.KeyPressMsg:
		if s.checking {
			if key.Matches(msg, credKeyMap.cancel) && s.cancel != nil {
				s.cancel()
			}
			return nil
		}
		if s.creating != "" {
			return s.updateCreate(env, msg)
		}
		km := &credKeyMap
		switch {
		case key.Matches(msg, km.up):
			s.sel = max(0, s.sel-1)
		case key.Matches(msg, km.down):
			s.sel = min(len(s.entries)-1, s.sel+1)
		case key.Matches(msg, km.check, km.cont):
			if len(s.entries) == 0 {
				s.checkErr = "no credential is saved and CLIODEST_TOKEN is not set: run cliodest login first"
				return nil
			}
			e := s.entries[s.sel]
			if env.conn.ok && (e.kind == "env" && env.conn.name == "" || e.kind == "saved" && e.name == env.conn.name) {
				return env.next()
			}
			switch e.kind {
			case "new-token", "new-oauth":
				s.openCreate(env, strings.TrimPrefix(e.kind, "new-"))
				return s.fm.refocus()
			}
			s.advance = true
			return s.check(env, e)
		}
	}
	if s.creating != "" {
		_, cmd := s.fm.update(msg)
		return cmd
	}
	return nil
}

func (s *credStep) openCreate(env *stepEnv, kind string) {
	s.creating, s.checkErr = kind, ""
	regions := clio.Regions()
	labels := append([]string{}, regions...)
	if env.o.HasBaseURL {
		regions = append([]string{"base"}, regions...)
		labels = append([]string{env.o.BaseURL.String()}, labels...)
	}
	fields := []*field{newTextField("name", "Name", ""), newChoiceField("host", "Clio host", regions, labels, regions[0])}
	if kind == "token" {
		t := newTextField("token", "Access token (hidden)", "")
		t.input.EchoMode = textinput.EchoPassword
		t.input.EchoCharacter = '•'
		fields = append(fields, t)
	} else {
		sec := newTextField("secret", "App secret (hidden)", "")
		sec.input.EchoMode = textinput.EchoPassword
		sec.input.EchoCharacter = '•'
		fields = append(fields, newTextField("client_id", "App key (client ID)", ""), sec)
	}
	s.fm = form{fields: fields, width: s.width}
	s.fm.setWidth(s.width)
}

func (s *credStep) updateCreate(env *stepEnv, k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, credKeyMap.cancel) {
		s.creating = ""
		return nil
	}
	res, cmd := s.fm.update(k)
	if res != formSubmit {
		return cmd
	}
	name := s.fm.get("name").value()
	if err := cred.ValidateName(name); err != nil {
		s.checkErr = "Name: " + err.Error()
		return nil
	}
	var host clio.Host
	if h := s.fm.get("host").value(); h == "base" {
		host = env.o.BaseURL
	} else {
		var err error
		if host, err = clio.RegionHost(h); err != nil {
			s.checkErr = err.Error()
			return nil
		}
	}
	lo := cred.LoginOptions{Name: name, Host: host}
	if s.creating == "token" {
		lo.Kind, lo.Token = cred.KindToken, s.fm.get("token").value()
		if lo.Token == "" {
			s.checkErr = "paste the access token"
			return nil
		}
	} else {
		lo.Kind, lo.ClientID, lo.ClientSecret = cred.KindOAuth, s.fm.get("client_id").value(), s.fm.get("secret").value()
	}
	if err := env.o.Store.CheckLogin(lo); err != nil {
		s.checkErr = clean(err.Error(), false)
		return nil
	}
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.checking, s.checkErr = cancel, true, ""
	store, o, uses, v := env.o.Store, env.o, env.uses, env.d.EffectiveAPIVersion()
	// The browser login reports its consent URL midway: the login runs in a
	// goroutine and its two messages (URL, outcome) come through a channel.
	events := make(chan tea.Msg, 2)
	var wait tea.Cmd
	wait = func() tea.Msg {
		msg := <-events
		if u, ok := msg.(oauthURLMsg); ok {
			u.next = wait
			return u
		}
		return msg
	}
	if lo.Kind == cred.KindOAuth {
		lo.Authorize = func(ctx context.Context) (*oauth2.Token, error) {
			return clio.LoopbackLogin(ctx, clio.LoopbackOptions{Host: host, ClientID: lo.ClientID, ClientSecret: lo.ClientSecret,
				HTTPClient: o.HTTPClient, Port: o.RedirectPort,
				OpenURL: func(u string) error {
					if o.OpenBrowser != nil {
						_ = o.OpenBrowser(u) // the URL is shown anyway
					}
					events <- oauthURLMsg{url: u}
					return nil
				}})
		}
	}
	go func() {
		c, err := store.Login(ctx, lo)
		if err != nil {
			events <- credCheckedMsg{err: fmt.Errorf("logging in: %w", err)}
			return
		}
		events <- connect(ctx, uses, v, credEntry{kind: "saved", name: c.Name})
	}()
	return tea.Batch(wait, env.startSpinner())
}

// check resolves the entry to a token and host and asks Clio who it is.
func (s *credStep) check(env *stepEnv, e credEntry) tea.Cmd {
	ctx, cancel := context.WithCancel(env.ctx)
	s.cancel, s.checking, s.checkErr = cancel, true, ""
	env.conn = connection{}
	env.resetLookups()
	uses, v := env.uses, env.d.EffectiveAPIVersion() // read here: the Cmd runs on another goroutine
	return tea.Batch(func() tea.Msg { return connect(ctx, uses, v, e) }, env.startSpinner())
}

// connect runs in a Cmd: flow/session resolves the credential and asks
// Clio who it is.
func connect(ctx context.Context, uses useCases, apiVersion string, e credEntry) credCheckedMsg {
	c, err := uses.Connect(ctx, session.Login{Name: e.name, Env: e.kind == "env", APIVersion: apiVersion})
	if err != nil {
		return credCheckedMsg{err: err}
	}
	return credCheckedMsg{conn: connection{name: e.name, label: c.Label, host: c.Host, client: c.Client, user: c.User, ok: true}}
}

func (s *credStep) view(env *stepEnv, width int) string {
	st := &env.st
	var b strings.Builder
	if s.creating != "" {
		what := "Paste an access token from Clio (Settings › Developer Applications)."
		if s.creating == "oauth" {
			what = "Log in with your Clio developer app; the browser opens Clio's consent page."
		}
		b.WriteString(st.dim.Render(what) + "\n\n" + s.fm.view(st))
	} else {
		if s.listErr != "" {
			b.WriteString(st.err.Render(s.listErr) + "\n")
		}
		for i, e := range s.entries {
			cur := "  "
			l := e.label
			if i == s.sel {
				cur = st.focus.Render("> ")
				l = st.focus.Render(l)
			}
			b.WriteString(cur + hangIndent(l, width, "  ") + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case s.checking && s.oauthURL != "":
		b.WriteString(env.spin.View() + " waiting for the browser… If it did not open, visit:\n" + clean(s.oauthURL, false) + "\n")
	case s.checking:
		b.WriteString(env.spin.View() + " checking with Clio…\n")
	case s.checkErr != "":
		b.WriteString(st.err.Render(s.checkErr) + "\n")
	case env.conn.ok:
		b.WriteString(st.ok.Render("Connected as "+clean(env.conn.user.Name, false)) + st.dim.Render(" - "+clean(env.conn.label, false)) + "\n")
	}
	return b.String()
}
