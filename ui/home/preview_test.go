package home

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/session"
)

// previewText opens the preview of firm-time.yaml (look-ups of matters,
// users and activity descriptions) through s and returns its text.
func previewText(t *testing.T, s *session.Session) string {
	t.Helper()
	dir := t.TempDir()
	copySample(t, dir, "firm-time.csv", "firm-time.csv", nil)
	copySample(t, dir, "firm-time.yaml", "firm-time.yaml", nil)
	m := newTestModel(t, dir, nil, 140, 30)
	m.o.Preview = SessionPreviewer(s)
	selectRow(t, m, "firm-time.yaml")
	cmd := press(m, "p")
	if cmd == nil {
		t.Fatalf("p gave no command:\n%s", frame(m))
	}
	m.Update(cmd()) // off the screen's goroutine in the program
	return m.viewerText
}

// The home's preview makes look-ups with the session's credential against
// the sandbox, as cliodest preview does: the matter's ID is in the body.
func TestHomePreviewLooksUp(t *testing.T) {
	sb := sandbox.New(sandbox.Config{RateLimit: -1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	host, err := clio.ParseBaseURL(srv.URL)
	must(t, err)
	token, _ := sb.IssueToken()
	s := &session.Session{Token: token, BaseURL: host, HasBaseURL: true, UserAgent: "cliodest/test", HTTPClient: srv.Client()}
	text := previewText(t, s)
	if !strings.Contains(text, fmt.Sprint(sandbox.MatterWhitfield)) || strings.Contains(text, flow.LookedUpWhenSent) {
		t.Errorf("want matter %d looked up, got:\n%s", sandbox.MatterWhitfield, text)
	}
}

// Without a credential the preview still shows, its look-ups "looked up
// when sent" and the reason why; a Clio that is gone (its server closed)
// gives the same samples, not a hang.
func TestHomePreviewWithoutClio(t *testing.T) {
	text := previewText(t, &session.Session{UserAgent: "cliodest/test"})
	if !strings.Contains(text, "Look-ups are looked up when sent: credential \"firm\"") || !strings.Contains(text, "matter.id: looked up when sent") {
		t.Errorf("no credential:\n%s", text)
	}
	srv := httptest.NewServer(sandbox.New(sandbox.Config{RateLimit: -1}))
	host, err := clio.ParseBaseURL(srv.URL)
	must(t, err)
	srv.Close()
	text = previewText(t, &session.Session{Token: "t", BaseURL: host, HasBaseURL: true, UserAgent: "cliodest/test"})
	if !strings.Contains(text, "matter.id: looked up when sent") || !strings.Contains(text, "POST") {
		t.Errorf("Clio gone:\n%s", text)
	}
}
