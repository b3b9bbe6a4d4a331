package accessible_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// Save checks every record before it offers to activate, as the
// full-screen Save does: when every record would fail, it lists them and
// asks a second time, and "n" there sends nothing (a "y" to "Activate
// now?" sent and failed them all).
func TestSaveChecksBeforeActivating(t *testing.T) {
	e := newEnv(t)
	save := filepath.Join(e.dir, "out.yaml") // saved paused; record 2 kept as the test send's
	if err := e.run(t, timeEntries(save, "n")...); err != nil {
		t.Fatalf("first Run: %v\n%s", err, e.out)
	}
	csv := filepath.Join(e.dir, "time-entries.csv")
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	// Every record's hours become words: hours_to_seconds refuses each one.
	bad := regexp.MustCompile(`(?m)^(TE-\d+,[^,]*,)[^,]*,`).ReplaceAll(data, []byte("${1}lots,"))
	if err := os.WriteFile(csv, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	fail := countLines(t, csv) - 2 // every record but record 2, the first run's test send's
	created := e.srv.Created("activities")

	e.out.Reset()
	e.opts.EditPath = save
	answers := []string{"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "n", "", "", "y", "n"}
	if err := e.run(t, answers...); err != nil {
		t.Fatalf("edit Run: %v\n%s", err, e.out)
	}
	out := e.out.String()
	for _, want := range []string{
		"Record at line 2 failed: ", `hours: "lots" is not a number`,
		"… and " + strconv.Itoa(fail-10) + " more (all of them: cliodest activate --dry-run " + save + ")",
		"1 already delivered",
		"Activate now? Nothing would be sent now",
		strconv.Itoa(fail) + " of " + strconv.Itoa(fail) + " records would fail and be recorded as failed: send anyway?",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("screen lacks %q:\n%s", want, out)
		}
	}
	if n := e.srv.Created("activities"); n != created {
		t.Errorf("sandbox created %d activities after a no to sending failing records", n-created)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != flow.StatusPaused {
		t.Errorf("status %q after a no, want paused", d.Status)
	}
	if !strings.Contains(e.res.String(), "(paused). Activate it with: cliodest activate") {
		t.Errorf("result = %q", e.res)
	}
}
