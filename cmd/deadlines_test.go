package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// Journey A of issue 24: a deadlines spreadsheet whose Due column mixes
// dates and date-times reaches the sandbox as 20 tasks, each due as written
// (a date alone at the start of its day), with datetime or with a layout
// whose time is optional; priorities in other cases are sent as Clio's.
func TestMixedDeadlinesReachClio(t *testing.T) {
	for _, conv := range []string{"datetime", "datetime:MM/DD/YYYY[ hh:mm]"} {
		t.Run(conv, func(t *testing.T) {
			dir := t.TempDir()
			var b strings.Builder
			b.WriteString("Ref,Task,Due,Priority\n")
			for i := 1; i <= 20; i++ {
				due := fmt.Sprintf("12/%d/2026", i)
				if i%3 == 0 {
					due += fmt.Sprintf(" %d:30", 8+i%10)
				}
				fmt.Fprintf(&b, "D%d,Deadline %d,%s,%s\n", i, i, due, []string{"high", "NORMAL", "Low"}[i%3])
			}
			csv := filepath.Join(dir, "deadlines.csv")
			if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "deadlines.yaml")
			code, stdout, stderr := runCmd(t, nil, "new", "--no-input", "-o", file, "--name", "Deadlines", "--nexset", csv, "--key", "Ref",
				"--credential", "firm", "--template", "create_task", "--timezone", "UTC", "--map", "name=Task", "--map", "description=Task",
				"--set", "assignee.id=1001", "--set", "assignee.type=User", "--map", "due_at=Due:"+conv, "--map", "priority=Priority")
			if code != 0 {
				t.Fatalf("new: exit %d\n%s%s", code, stdout, stderr)
			}
			ds := newDeliverSandbox(t, sandbox.Config{RateLimit: -1}, nil)
			tio := newTestFactory(t, ds.env(t))
			if code := run(tio.f, []string{"activate", file}); code != 0 {
				t.Fatalf("activate: exit %d\n%s%s", code, tio.out, tio.errOut)
			}
			if n := ds.sb.Created("tasks"); n != 20 {
				t.Fatalf("created %d tasks, want 20", n)
			}
			sent := ds.log.String()
			for _, want := range []string{`"due_at":"2026-12-01T00:00:00Z"`, `"due_at":"2026-12-03T11:30:00Z"`, `"due_at":"2026-12-20T00:00:00Z"`,
				`"priority":"High"`, `"priority":"Normal"`} {
				if !strings.Contains(sent, want) {
					t.Errorf("no request sent %s", want)
				}
			}
		})
	}
}
