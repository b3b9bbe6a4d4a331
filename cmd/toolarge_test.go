package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
)

// TestOversizedRecordReportedBeforeSending: a record larger than
// max_request_bytes is reported with its line by validate (even past the
// samples), preview and activate --dry-run, and activate sends the others
// but never it.
func TestOversizedRecordReportedBeforeSending(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	env := ds.env(t)
	dir := t.TempDir()
	file := writeActivities(t, dir, 1, nil)
	d, err := flow.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	d.MaxRequestBytes = 64 << 10
	if err := flow.Save(file, d); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		note := fmt.Sprintf("record R%d", i)
		if i == 4 {
			note = strings.Repeat("x", 100<<10)
		}
		fmt.Fprintf(&b, `{"id":"R%d","date":"2024-03-04","hours":0.5,"note":%q,"matter_id":3001}`+"\n", i, note)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"validate", "--records", "2", file}, exitFailed},
		{[]string{"preview", "--records", "6", file}, -1},
		{[]string{"activate", "--dry-run", file}, exitFailed},
		{[]string{"activate", file}, exitFailed},
	} {
		code, out, errOut := runCmd(t, env, c.args...)
		if c.code >= 0 && code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, code, c.code, errOut)
		}
		if all := out + errOut; !strings.Contains(all, "line 4") || !strings.Contains(all, "too large") {
			t.Errorf("%v does not report line 4 as too large:\n%s", c.args, all)
		}
	}
	created := ds.log.createsPerNote(t)
	if len(created) != 5 {
		t.Errorf("created %d records, want the 5 that fit: %v", len(created), created)
	}
	d.MaxRequestBytes = -1
	if err := flow.Save(file, d); err == nil {
		t.Error("a negative max_request_bytes was saved")
	}
}

// TestActivateUnreadableNexsetStaysPaused: a Nexset that cannot be opened
// is reported and the destination is not marked active.
func TestActivateUnreadableNexsetStaysPaused(t *testing.T) {
	ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
	dir := t.TempDir()
	file := writeActivities(t, dir, 3, nil)
	if err := os.Remove(filepath.Join(dir, "records.jsonl")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, ds.env(t), "activate", file)
	if code != exitFailed || !strings.Contains(errOut, "records.jsonl") || !strings.Contains(errOut, "stays paused") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
	if d, err := flow.Load(file); err != nil || d.Status != flow.StatusPaused {
		t.Errorf("the destination was marked active: %v", err)
	}
}
