package cmd

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/samples"
)

func TestDemoSetUpIsSelfContained(t *testing.T) {
	userConfig := filepath.Join(t.TempDir(), "config")
	tio := newTestFactory(t, map[string]string{"CLIODEST_CONFIG_DIR": userConfig})
	dir := filepath.Join(t.TempDir(), "demo")
	env, err := setUpDemo(context.Background(), tio.f, demoOptions{dir: dir})
	if err != nil {
		t.Fatalf("setUpDemo: %v", err)
	}
	closed := false
	defer func() {
		if !closed {
			env.close()
		}
	}()
	c, err := env.store.Check(context.Background(), demoCredential)
	if err != nil {
		t.Fatalf("the demo credential does not answer who_am_i: %v", err)
	}
	if c.User.Name == "" || c.BaseURL != env.host.String() {
		t.Errorf("demo credential = %+v, want a user bound to %s", c, env.host)
	}
	for _, name := range samples.Names() {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("sample %s missing: %v", name, err)
		}
	}
	if _, err := os.Stat(userConfig); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the demo touched the user's config directory: %v", err)
	}
	configDir, whoAmI := env.configDir, env.host.APIBase()+"/users/who_am_i.json"
	if err := env.close(); err != nil {
		t.Errorf("close: %v", err)
	}
	closed = true
	if _, err := os.Stat(configDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the throw-away config directory survived: %v", err)
	}
	if resp, err := http.Get(whoAmI); err == nil {
		resp.Body.Close()
		t.Errorf("the sandbox still answers after close: %s", resp.Status)
	}
}

func TestDemoWithoutTerminalIsUsageError(t *testing.T) {
	code, _, errOut := runCmd(t, nil, "demo", "--dir", t.TempDir())
	if code != exitUsage || !strings.Contains(errOut, "needs a terminal") || !strings.Contains(errOut, "--accessible") {
		t.Errorf("demo without a terminal: code %d, stderr %q; want 2 and a hint", code, errOut)
	}
	code, _, errOut = runCmd(t, nil, "demo", "--rate-limit", "-5", "--accessible")
	if code != exitUsage || !strings.Contains(errOut, "--rate-limit -5") {
		t.Errorf("bad --rate-limit: code %d, stderr %q", code, errOut)
	}
}

// demoJourney answers the accessible wizard: time-entries.csv, the demo's
// credential, Create Activity with suggestions, internal_notes excluded.
func demoJourney(save, test, activate string) string {
	a := []string{
		"time-entries.csv", "", "entry_id", "-", "1", "1", "", "", // read as detected, key, no time zone, credential, template, on_change, on_remove
		"=TimeEntry", "", "", "", "", "", "", "", // type, date, the other suggestions, no more
		"internal_notes", "", "",
	}
	if test == "y" {
		a = append(a, "y", "1", "1", "n") // test record 1, keep its object, no more
	} else {
		a = append(a, "n")
	}
	a = append(a, save, "Time entries", activate)
	return strings.Join(a, "\n") + "\n"
}

func TestDemoAccessibleJourneyDelivers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	logFile := filepath.Join(t.TempDir(), "sandbox.jsonl")
	save := filepath.Join(dir, "mine.yaml")
	tio := newTestFactory(t, nil)
	tio.f.In = strings.NewReader(demoJourney(save, "y", "y"))
	code := run(tio.f, []string{"demo", "--accessible", "--dir", dir, "--log", logFile, "--rate-limit", "-1"})
	if code != 0 {
		t.Fatalf("demo exit %d\nstderr:\n%s", code, tio.errOut)
	}
	if !strings.Contains(tio.errOut.String(), "rehearsal against the built-in sandbox") {
		t.Errorf("no sandbox banner on stderr:\n%s", tio.errOut)
	}
	d, err := flow.Load(save)
	if err != nil {
		t.Fatalf("saved destination: %v", err)
	}
	if d.Status != flow.StatusActive || d.Credential != demoCredential || d.BaseURL != "" {
		t.Errorf("saved destination = %+v; want active, credential %q, no sandbox URL pinned", d, demoCredential)
	}
	f, err := os.Open(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := sandbox.ReadLog(f)
	if err != nil {
		t.Fatal(err)
	}
	created := 0
	for _, e := range entries {
		if e.Method == "POST" && strings.HasPrefix(e.Path, "/api/v4/activities.json") && e.Status == http.StatusCreated {
			created++
		}
	}
	records := 22           // time-entries.csv
	if created != records { // record 1's object is the test send's
		t.Errorf("sandbox log shows %d activities created, want %d: one per record, record 1's by the test send", created, records)
	}
	if !strings.Contains(tio.out.String(), "Delivered 22 of 22") {
		t.Errorf("stdout = %q, want the delivery summary", tio.out)
	}
}

// The accessible wizard and `new --no-input` write the same destination for
// the same choices (up to the random ID and the order of mapping lines).
func TestAccessibleWizardMatchesNewNoInput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	save := filepath.Join(dir, "wizard.yaml")
	tio := newTestFactory(t, nil)
	tio.f.In = strings.NewReader(demoJourney(save, "n", "n"))
	if code := run(tio.f, []string{"demo", "--accessible", "--dir", dir}); code != 0 {
		t.Fatalf("demo exit %d\nstderr:\n%s", code, tio.errOut)
	}
	flagged := filepath.Join(dir, "flags.yaml")
	code, _, errOut := runCmd(t, nil, "new", "--no-input", "-o", flagged, "--name", "Time entries",
		"--nexset", filepath.Join(dir, "time-entries.csv"), "--key", "entry_id", "--credential", demoCredential,
		"--template", flow.CreateActivity, "--set", "type=TimeEntry", "--suggest", "--exclude", "internal_notes")
	if code != 0 {
		t.Fatalf("new exit %d: %s", code, errOut)
	}
	got, want := comparable(t, save), comparable(t, flagged)
	if got != want {
		t.Errorf("accessible wizard wrote:\n%s\nnew --no-input wrote:\n%s", got, want)
	}
}

// comparable renders a destination with its ID cleared and its mapping sorted.
func comparable(t *testing.T, path string) string {
	t.Helper()
	d := loadComparable(t, path)
	slices.SortFunc(d.Mapping, func(a, b flow.Mapping) int { return strings.Compare(a.Target, b.Target) })
	out, err := flow.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestDemoReopensSavedDestination: the end of a demo names the file it
// saved and how to open it again; `cliodest demo FILE` does, on a fresh
// sandbox with every choice kept, and a missing FILE is a usage error.
func TestDemoReopensSavedDestination(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	save := filepath.Join(dir, "mine.yaml")
	tio := newTestFactory(t, nil)
	tio.f.In = strings.NewReader(demoJourney(save, "n", "n"))
	if code := run(tio.f, []string{"demo", "--accessible", "--dir", dir}); code != 0 {
		t.Fatalf("demo exit %d\nstderr:\n%s", code, tio.errOut)
	}
	if want := "To open your destination again on a fresh sandbox:\n  cliodest demo " + save; !strings.Contains(tio.errOut.String(), want) {
		t.Fatalf("the demo's last words lack %q:\n%s", want, tio.errOut)
	}
	before := comparable(t, save)

	// Reopened: every answer kept (Enter), saved over itself.
	again := newTestFactory(t, nil)
	again.f.In = strings.NewReader(strings.Repeat("\n", 40) + "y\n")
	code := run(again.f, []string{"demo", "--accessible", "--dir", dir, save})
	if code != 0 {
		t.Fatalf("demo FILE exit %d\nstderr:\n%s", code, again.errOut)
	}
	if !strings.Contains(again.errOut.String(), "Editing "+save) {
		t.Errorf("demo FILE did not open the file:\n%s", again.errOut)
	}
	if got := comparable(t, save); got != before {
		t.Errorf("reopened and saved, the destination changed:\n%s\nwas:\n%s", got, before)
	}

	code, _, errOut := runCmd(t, nil, "demo", "--accessible", "--dir", dir, filepath.Join(dir, "none.yaml"))
	if code != exitUsage || !strings.Contains(errOut, "none.yaml") || !strings.Contains(errOut, "earlier demo") {
		t.Errorf("demo with a missing file: code %d, stderr %q", code, errOut)
	}
}
