package accessible_test

import (
	"context"
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
	"github.com/cliodest/cliodest/samples"
	"github.com/cliodest/cliodest/ui/accessible"
)

// TestPauseStopsAnAccessibleActivation: an activation started from
// accessible mode is stopped by cliodest pause (the destination file set
// paused from elsewhere). The sandbox allows 12 requests a minute, so the
// run waits for the reset after them and the pause switch finds the file
// paused before the Nexset's 60 records are sent.
func TestPauseStopsAnAccessibleActivation(t *testing.T) {
	dir := t.TempDir()
	if err := samples.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "time-entries.csv")
	var b strings.Builder
	b.WriteString("entry_id,work_date,hours,matter_id,user_id,activity_description_id,narrative,internal_notes\n")
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "TE-%d,03/04/2024,0.5,3001,1001,4001,Research,x\n", i)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	save := filepath.Join(dir, "out.yaml")
	posts := 0
	var mu sync.Mutex
	sb := sandbox.New(sandbox.Config{RateLimit: 12})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sb.ServeHTTP(w, r)
		if r.Method != http.MethodPost {
			return
		}
		mu.Lock()
		posts++
		n := posts
		mu.Unlock()
		if n == 2 { // the test send was the first; this is the run's first
			d, err := flow.Load(save)
			if err != nil {
				t.Error(err)
				return
			}
			d.Status = flow.StatusPaused // what cliodest pause does
			if err := flow.Save(save, d); err != nil {
				t.Error(err)
			}
		}
	}))
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	access, _ := sb.IssueToken()
	res := &strings.Builder{}
	out := &strings.Builder{}
	o := accessible.Options{Out: out, Result: res, Token: access, BaseURL: host, HasBaseURL: true,
		StartDir: dir, SavePath: filepath.Join(dir, "destination.yaml"), HTTPClient: hs.Client(),
		In: strings.NewReader(strings.Join(timeEntries(save, "y"), "\n") + "\n")}
	if err := accessible.Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v\n%s", err, out)
	}
	if !strings.Contains(res.String(), "paused while activating") || !strings.Contains(res.String(), "Resume with: cliodest activate "+save) {
		t.Fatalf("result:\n%s\nscreen:\n%s", res, out)
	}
	if n := sb.Created("activities"); n < 2 || n >= 61 {
		t.Fatalf("the sandbox created %d activities (1 test send + up to 60 records)", n)
	}
	if d, err := flow.Load(save); err != nil || d.Status != flow.StatusPaused {
		t.Fatalf("file after the run: %v %v", d, err)
	}
}
