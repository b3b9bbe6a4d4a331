package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// TestPauseStopsAWizardActivation: an activation started from the wizard
// is stopped by cliodest pause (the destination file set paused from
// elsewhere), as one started by cliodest activate is. The sandbox allows
// 12 requests a minute, so the run waits for the reset after them and the
// pause switch finds the file paused before the Nexset's 60 records are sent.
func TestPauseStopsAWizardActivation(t *testing.T) {
	var mu sync.Mutex
	var onPost func()
	sb := sandbox.New(sandbox.Config{RateLimit: 12})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.ServeHTTP(w, r)
		mu.Lock()
		f := onPost
		mu.Unlock()
		if r.Method == http.MethodPost && f != nil {
			f()
		}
	}))
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	dir := t.TempDir()
	var b strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, `{"entry_id":"TE-%d","work_date":"2024-03-04","hours":1.5,"matter_id":3001,"user_id":1001,"narrative":"Research","internal_notes":"x"}`+"\n", i)
	}
	fx := &fixture{dir: dir, srv: sb, host: host, token: access, nexset: filepath.Join(dir, "entries.jsonl")}
	if err := os.WriteFile(fx.nexset, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	o := fx.options()
	o.HTTPClient = hs.Client()
	m := newTestModel(t, o, 140, 45)
	walkToMapping(t, m, fx)
	press(t, m, "tab", "enter", "enter", "enter", "enter") // exclude, webhook, Test, Save: saved
	if m.savedPath == "" {
		t.Fatalf("not saved:\n%s", screen(m))
	}
	file := m.savedPath
	mu.Lock()
	onPost = sync.OnceFunc(func() { pauseFile(t, file) }) // what cliodest pause does
	mu.Unlock()
	press(t, m, "y") // send now; returns when the run is over
	got := stepText(m)
	if !strings.Contains(got, "Activation paused:") || !strings.Contains(got, "Resume with: cliodest activate "+file) {
		t.Fatalf("after pause:\n%s", got)
	}
	if n := sb.Created("activities"); n == 0 || n >= 60 {
		t.Fatalf("the sandbox created %d of 60 activities", n)
	}
	if d, err := flow.Load(file); err != nil || d.Status != flow.StatusPaused {
		t.Fatalf("file after the run: %v %v", d, err)
	}
}

// pauseFile is what cliodest pause does: the destination file says paused.
func pauseFile(t *testing.T, file string) {
	d, err := flow.Load(file)
	if err != nil {
		t.Error(err)
		return
	}
	d.Status = flow.StatusPaused
	if err := flow.Save(file, d); err != nil {
		t.Error(err)
	}
}
