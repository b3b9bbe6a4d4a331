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

func newCredStep(m *model) step { return &credStep{} }

func (s *credStep) enter(m *model) tea.Cmd {
	store := m.o.Store
	return func() tea.Msg {
		if store == nil {
			return credListMsg{}
		}
		cs, err := store.List()
		return credListMsg{creds: cs, err: err}
	}
}

func (s *credStep) resize(_ *model, w, _ int) { s.width = w; s.fm.setWidth(w) }

func (s *credStep) busy(*model) bool { return s.checking || s.creating != "" }

func (s *credStep) keys(m *model) []key.Binding {
	switch {
	case s.checking:
		return []key.Binding{bind("esc", "esc", "cancel")}
	case s.creating != "":
		return []key.Binding{bind("enter", "enter", "next field / log in"), bind("esc", "esc", "cancel")}
	case m.conn.ok:
		return []key.Binding{bind("enter", "enter", "continue"), bind("up down", "↑/↓", "choose another")}
	}
	return []key.Binding{bind("enter", "enter", "check and continue"), bind("up down", "↑/↓", "choose")}
}

func (s *credStep) setEntries(m *model, cs []cred.Credential) {
	s.entries = s.entries[:0]
	if m.o.Token != "" {
		host := "us"
		if m.o.HasBaseURL {
			host = m.o.BaseURL.String()
		}
		s.entries = append(s.entries, credEntry{kind: "env", label: "token from CLIODEST_TOKEN (" + host + ")"})
	}
	for _, c := range cs {
		l := c.Name + " (" + c.HostLabel()
		if c.User.Name != "" {
			l += ", " + c.User.Name
		}
		s.entries = append(s.entries, credEntry{kind: "saved", name: c.Name, label: clean(l+")", false)})
		if c.Name == m.d.Credential {
			s.sel = len(s.entries) - 1
		}
	}
	if m.o.Store != nil {
		s.entries = append(s.entries,
			credEntry{kind: "new-token", label: "+ New credential: paste an access token"},
			credEntry{kind: "new-oauth", label: "+ New credential: log in with the browser (OAuth app)"})
	}
	s.sel = min(s.sel, max(0, len(s.entries)-1))
}

func (s *credStep) update(m *model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case credListMsg:
		if msg.err != nil {
			s.listErr = clean(msg.err.Error(), false)
		}
		s.setEntries(m, msg.creds)
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
		m.conn = msg.conn
		m.resetLookups()
		m.d.Credential = msg.conn.name
		switch {
		case m.o.Demo:
			// The demo's sandbox listens on a random port that is gone
			// when the demo ends: pinned, it would send the saved file's
			// requests nowhere (`cliodest demo FILE` reopens it on a new one).
			m.d.BaseURL = ""
		case m.o.HasBaseURL && m.o.PinBaseURL:
			m.d.BaseURL = m.o.BaseURL.String()
		}
		m.dirty = true
		if s.creating != "" {
			s.creating = ""
			return s.enter(m)
		}
		if s.advance {
			// One enter checks and goes on; the next step says as whom.
			s.advance = false
			cmd := m.next()
			m.flash = m.st.ok.Render("Connected as "+clean(m.conn.user.Name, false)) + m.st.dim.Render(" - "+clean(m.conn.label, false))
			return cmd
		}
		return nil
	case oauthURLMsg:
		s.oauthURL = msg.url
		return msg.next
	case tea.KeyPressMsg:
		if s.checking {
			if msg.String() == "esc" && s.cancel != nil {
				s.cancel()
			}
			return nil
		}
		if s.creating != "" {
			return s.updateCreate(m, msg)
		}
		switch msg.String() {
		case "up", "k":
			s.sel = max(0, s.sel-1)
		case "down", "j":
			s.sel = min(len(s.entries)-1, s.sel+1)
		case "enter":
			if len(s.entries) == 0 {
				s.checkErr = "no credential is saved and CLIODEST_TOKEN is not set: run cliodest login first"
				return nil
			}
			e := s.entries[s.sel]
			if m.conn.ok && (e.kind == "env" && m.conn.name == "" || e.kind == "saved" && e.name == m.conn.name) {
				return m.next()
			}
			switch e.kind {
			case "new-token", "new-oauth":
				s.openCreate(m, strings.TrimPrefix(e.kind, "new-"))
				return s.fm.refocus()
			}
			s.advance = true
			return s.check(m, e)
		}
	}
	if s.creating != "" {
		_, cmd := s.fm.update(msg)
		return cmd
	}
	return nil
}

func (s *credStep) openCreate(m *model, kind string) {
	s.creating, s.checkErr = kind, ""
	regions := clio.Regions()
	labels := append([]string{}, regions...)
	if m.o.HasBaseURL {
		regions = append([]string{"base"}, regions...)
		labels = append([]string{m.o.BaseURL.String()}, labels...)
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

func (s *credStep) updateCreate(m *model, k tea.KeyPressMsg) tea.Cmd {
	if k.String() == "esc" {
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
		host = m.o.BaseURL
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
	if err := m.o.Store.CheckLogin(lo); err != nil {
		s.checkErr = clean(err.Error(), false)
		return nil
	}
	ctx, cancel := context.WithCancel(m.ctx)
	s.cancel, s.checking, s.checkErr = cancel, true, ""
	store, o, v := m.o.Store, m.o, m.d.EffectiveAPIVersion()
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
		events <- connect(ctx, o, v, credEntry{kind: "saved", name: c.Name})
	}()
	return tea.Batch(wait, m.startSpinner())
}

// check resolves the entry to a token and host and asks Clio who it is.
func (s *credStep) check(m *model, e credEntry) tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx)
	s.cancel, s.checking, s.checkErr = cancel, true, ""
	m.conn = connection{}
	m.resetLookups()
	o, v := m.o, m.d.EffectiveAPIVersion() // read here: the Cmd runs on another goroutine
	return tea.Batch(func() tea.Msg { return connect(ctx, o, v, e) }, m.startSpinner())
}

// connect runs in a Cmd: flow/session resolves the credential and asks
// Clio who it is.
func connect(ctx context.Context, o Options, apiVersion string, e credEntry) credCheckedMsg {
	c, err := o.Session().Connect(ctx, session.Login{Name: e.name, Env: e.kind == "env", APIVersion: apiVersion})
	if err != nil {
		return credCheckedMsg{err: err}
	}
	return credCheckedMsg{conn: connection{name: e.name, label: c.Label, host: c.Host, client: c.Client, user: c.User, ok: true}}
}

func (s *credStep) view(m *model, width int) string {
	st := &m.st
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
		b.WriteString(m.spin.View() + " waiting for the browser… If it did not open, visit:\n" + clean(s.oauthURL, false) + "\n")
	case s.checking:
		b.WriteString(m.spin.View() + " checking with Clio…\n")
	case s.checkErr != "":
		b.WriteString(st.err.Render(s.checkErr) + "\n")
	case m.conn.ok:
		b.WriteString(st.ok.Render("Connected as "+clean(m.conn.user.Name, false)) + st.dim.Render(" - "+clean(m.conn.label, false)) + "\n")
	}
	return b.String()
}
