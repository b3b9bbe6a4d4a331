package accessible

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
	"github.com/cliodest/cliodest/samples"
	"github.com/cliodest/cliodest/ui/home"
)

// The accessible home lists the destinations as a numbered menu, asks
// before activating, reads out the run's failures and outcome through the
// shared runner, and lists a destination's status.
func TestAccessibleHome(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"expenses.yaml", "expenses.jsonl", "time-entries.yaml", "time-entries.csv"} {
		data, err := fs.ReadFile(samples.FS(), n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var reqs []home.RunRequest
	run := func(_ context.Context, req home.RunRequest, ev func(deliver.Event)) (deliver.Summary, error) {
		reqs = append(reqs, req)
		ev(deliver.RecordFailed{Pos: 4, Line: 4, Key: "EXP-2404", Status: 422, State: "failed", Message: "date: is not a valid date"})
		ev(deliver.WebhookWaiting{Documents: 1, Limit: 30 * time.Second})
		return deliver.Summary{RunSummary: ledger.RunSummary{Delivered: 5, Failed: 1}}, nil
	}
	answers := strings.Join([]string{
		"1", "1", "n", // Expenses, Activate, no
		"1", "1", "y", // Expenses, Activate, yes
		"2", "5", // Time entries, Status
		"4", // Quit
	}, "\n") + "\n"
	var out bytes.Buffer
	err := RunHome(t.Context(), home.Options{Dir: dir, In: strings.NewReader(answers), Out: &out, Run: run, Location: time.UTC,
		Wizard: func(context.Context, string) error { t.Error("the wizard opened"); return nil }})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if len(reqs) != 1 || reqs[0].Mode != home.Activate || filepath.Base(reqs[0].File) != "expenses.yaml" {
		t.Fatalf("runs %+v (one activation of expenses.yaml wanted: n must not start it)", reqs)
	}
	s := out.String()
	for _, want := range []string{
		"1. Expenses (expenses.yaml) · never activated", "2. Time entries (time-entries.yaml) · never activated", "3. New destination", "4. Quit",
		"What to do with Expenses?", "Activate Expenses?", "line 4 (EXP-2404): 422 date: is not a valid date",
		"response webhook: waiting up to 30s for it to take 1 document(s)…",
		"Done: 5 delivered, 1 failed, 0 in doubt", "Time entries has never been activated: no ledger yet",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the accessible home lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "\x1b[") {
		t.Errorf("escape sequences in accessible output:\n%q", s)
	}
}
