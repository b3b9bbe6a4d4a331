package cmd

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/flow/deliver"
)

// defaults are the deliver flags' values when none is given.
var defaults = deliverFlags{concurrency: deliver.DefaultConcurrency, maxAttempts: deliver.DefaultMaxAttempts}

// TestCommandFlags: each command's flags reach its options, without
// running the command; values a command cannot take are refused before.
func TestCommandFlags(t *testing.T) {
	t.Run("activate", func(t *testing.T) {
		got, err := parsed(t, nil, newActivateCmd, "--follow", "--dry-run", "--on-remove", "delete", "--yes", "--json",
			"--concurrency", "2", "--max-attempts", "3", "--on-change", "skip", "--on-conflict", "overwrite", "--refresh-lookups", "--ledger", "l.db", "d.yaml")
		wantParsed(t, got, err, activateOptions{deliverFlags: deliverFlags{concurrency: 2, maxAttempts: 3, asJSON: true, ledgerPath: "l.db",
			refresh: true, onChange: "skip", onConflict: "overwrite"}, file: "d.yaml", follow: true, dry: true, yes: true, onRemove: "delete"})
		got, err = parsed(t, nil, newActivateCmd, "d.yaml")
		wantParsed(t, got, err, activateOptions{deliverFlags: defaults, file: "d.yaml"})
		for _, args := range [][]string{{"--on-remove", "shred", "d.yaml"}, {"--concurrency", "0", "d.yaml"}, {"--on-change", "maybe", "d.yaml"}, {}} {
			got, err = parsed(t, nil, newActivateCmd, args...)
			refused(t, got, err)
		}
	})
	t.Run("test", func(t *testing.T) {
		got, err := parsed(t, nil, newTestCmd, "--record", "3", "--payload", "p.json", "--yes", "--webhook", "--ledger", "l.db", "d.yaml")
		wantParsed(t, got, err, testOptions{file: "d.yaml", record: 3, payload: "p.json", ledger: "l.db", yes: true, webhook: true})
		got, err = parsed(t, nil, newTestCmd, "--undo", "d.yaml")
		wantParsed(t, got, err, testOptions{file: "d.yaml", record: 1, undo: true})
		for _, args := range [][]string{{"--record", "0", "d.yaml"}, {"--undo", "--webhook", "d.yaml"}, {"--undo", "--payload", "p.json", "d.yaml"}} {
			got, err = parsed(t, nil, newTestCmd, args...)
			refused(t, got, err)
		}
	})
	t.Run("status", func(t *testing.T) {
		got, err := parsed(t, nil, newStatusCmd, "--json", "--failed", "--in-doubt", "--removed", "--conflicts", "--ledger", "l.db", "d.yaml")
		wantParsed(t, got, err, statusOptions{file: "d.yaml", asJSON: true, failed: true, inDoubt: true, removed: true, conflicts: true, ledgerPath: "l.db"})
		got, err = parsed(t, nil, newStatusCmd, "a.yaml", "b.yaml")
		refused(t, got, err)
	})
	t.Run("preview and validate", func(t *testing.T) {
		got, err := parsed(t, nil, newPreviewCmd, "--records", "5", "--json", "d.yaml")
		wantParsed(t, got, err, previewOptions{file: "d.yaml", records: 5, asJSON: true})
		got, err = parsed(t, nil, newPreviewCmd, "--records", "0", "d.yaml")
		refused(t, got, err)
		v, err := parsed(t, nil, newValidateCmd, "d.yaml")
		wantParsed(t, v, err, validateOptions{file: "d.yaml", records: 10})
		v, err = parsed(t, nil, newValidateCmd, "--records", "-1", "d.yaml")
		refused(t, v, err)
	})
	t.Run("pause, edit, rekey", func(t *testing.T) {
		p, err := parsed(t, nil, newPauseCmd, "d.yaml")
		wantParsed(t, p, err, pauseOptions{file: "d.yaml"})
		e, err := parsed(t, nil, newEditCmd, "d.yaml")
		wantParsed(t, e, err, editOptions{file: "d.yaml"})
		r, err := parsed(t, nil, newRekeyCmd, "--from", "entry_id", "--ledger", "l.db", "d.yaml")
		wantParsed(t, r, err, rekeyOptions{file: "d.yaml", ledgerPath: "l.db", from: "entry_id"})
	})
	t.Run("new", func(t *testing.T) {
		got, err := parsed(t, nil, newNewCmd, "--no-input", "-o", "x.yaml", "--nexset", "n.csv", "--template", flow.CreateActivity,
			"--map", "date=work_date:date", "--set", "type=TimeEntry", "--passthrough=false", "--batch-size", "20")
		if err != nil || got == nil {
			t.Fatalf("err %v, ran %v", err, got != nil)
		}
		if got.out != "x.yaml" || got.nexset != "n.csv" || got.template != flow.CreateActivity || !reflect.DeepEqual(got.maps, []string{"date=work_date:date"}) ||
			!reflect.DeepEqual(got.sets, []string{"type=TimeEntry"}) || !got.passthroughSet || got.passthrough || got.batchSize != 20 || got.beyondFrom != true || got.pinBaseURL {
			t.Fatalf("options %+v", got)
		}
		got, err = parsed(t, nil, newNewCmd, "--from", "a.yaml", "-o", "b.yaml", "--name", "B")
		if err != nil || got == nil || got.from != "a.yaml" || got.out != "b.yaml" || got.name != "B" || got.beyondFrom || got.passthroughSet {
			t.Fatalf("--from: err %v, options %+v", err, got)
		}
		got, err = parsed(t, nil, newNewCmd, "-o", "x.yaml") // no --no-input: the wizard is not in this command
		refused(t, got, err)
	})
	t.Run("login", func(t *testing.T) {
		got, err := parsed(t, map[string]string{"CLIODEST_REDIRECT_PORT": "47999"}, newLoginCmd, "--name", "firm", "--region", "eu", "--client-id", "abc", "--client-secret-stdin", "--no-browser")
		wantParsed(t, got, err, loginOptions{name: "firm", region: "eu", clientID: "abc", clientSecretStdin: true, noBrowser: true,
			redirectPort: 47999, regionSet: true, clientIDFlagSet: true})
		got, err = parsed(t, nil, newLoginCmd, "--token-stdin", "--redirect-port", "8000", "--insecure-storage", "--force")
		wantParsed(t, got, err, loginOptions{tokenStdin: true, redirectPort: 8000, insecureStorage: true, force: true})
		for _, args := range [][]string{{"--token-stdin", "--client-id", "abc"}, {"--redirect-port", "70000"}, {"a-token"}} {
			got, err = parsed(t, nil, newLoginCmd, args...)
			refused(t, got, err)
		}
	})
	t.Run("demo and sandbox", func(t *testing.T) {
		d, err := parsed(t, nil, newDemoCmd, "--dir", "x", "--log", "s.jsonl", "--rate-limit", "-1", "saved.yaml")
		wantParsed(t, d, err, demoOptions{dir: "x", logFile: "s.jsonl", rateLimit: -1, edit: "saved.yaml"})
		d, err = parsed(t, nil, newDemoCmd, "--rate-limit", "-2")
		refused(t, d, err)
		s, err := parsed(t, nil, newSandboxCmd, "--addr", "127.0.0.1:0", "--fault-rate", "0.1", "--rate-limit", "10", "--forbid", "activities,tasks")
		if err != nil || s == nil || s.addr != "127.0.0.1:0" || s.faultRate != 0.1 || s.rateLimit != 10 || !reflect.DeepEqual(s.forbidden, []string{"activities", "tasks"}) {
			t.Fatalf("sandbox: err %v, options %+v", err, s)
		}
		s, err = parsed(t, nil, newSandboxCmd, "--fault-rate", "2")
		refused(t, s, err)
	})
	t.Run("bare cliodest", func(t *testing.T) {
		got, err := parsed(t, nil, newRootCmd, "--dir", "dests", "--base-url", "http://127.0.0.1:8765")
		if err != nil || got == nil || got.dir != "dests" || !got.pin || !strings.Contains(got.commands, "activate") {
			t.Fatalf("err %v, options %+v", err, got)
		}
		got, err = parsed(t, map[string]string{"CLIODEST_BASE_URL": "http://127.0.0.1:8765"}, newRootCmd)
		if err != nil || got == nil || got.pin { // from the environment it is used, not kept
			t.Fatalf("err %v, options %+v", err, got)
		}
		got, err = parsed(t, nil, newRootCmd, "--base-url", "ftp://x")
		refused(t, got, err)
	})
	t.Run("version, credentials, completion", func(t *testing.T) {
		v, err := parsed(t, nil, newVersionCmd, "--json")
		wantParsed(t, v, err, versionOptions{asJSON: true})
		l, err := parsed(t, nil, newCredentialsListCmd, "--json")
		wantParsed(t, l, err, credentialsListOptions{asJSON: true})
		ch, err := parsed(t, nil, newCredentialsCheckCmd, "firm")
		wantParsed(t, ch, err, credentialOptions{name: "firm"})
		rm, err := parsed(t, nil, newCredentialsRemoveCmd)
		refused(t, rm, err)
		co, err := parsed(t, nil, newCompletionCmd, "--no-descriptions", "zsh")
		if err != nil || co == nil || co.shell != "zsh" || !co.noDesc || co.root == nil {
			t.Fatalf("completion: err %v, options %+v", err, co)
		}
		co, err = parsed(t, nil, newCompletionCmd, "tcsh")
		refused(t, co, err)
	})
}
