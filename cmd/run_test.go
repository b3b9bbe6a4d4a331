package cmd

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		tty        bool
		wantCode   int
		wantStderr []string // substrings
		wantStdout []string
	}{
		{name: "help", args: []string{"--help"}, wantCode: 0, wantStdout: []string{"Usage:", "version", "sandbox", "completion", "Examples:"}},
		{name: "help command", args: []string{"help", "version"}, wantCode: 0, wantStdout: []string{"cliodest version --json"}},
		{name: "unknown command", args: []string{"bogus"}, wantCode: 2,
			wantStderr: []string{`cliodest: unknown command "bogus" for "cliodest"`, "Run 'cliodest --help' for usage."}},
		{name: "unknown command suggests", args: []string{"versoin"}, wantCode: 2, wantStderr: []string{"did you mean version?"}},
		{name: "unknown root flag", args: []string{"--bogus"}, wantCode: 2, wantStderr: []string{"cliodest: unknown flag: --bogus"}},
		{name: "unknown command flag", args: []string{"version", "--bogus"}, wantCode: 2,
			wantStderr: []string{"unknown flag: --bogus", "Run 'cliodest version --help' for usage."}},
		{name: "bad flag value", args: []string{"version", "--json=maybe"}, wantCode: 2, wantStderr: []string{`invalid argument "maybe"`}},
		{name: "extra argument", args: []string{"version", "extra"}, wantCode: 2, wantStderr: []string{`unknown command "extra"`}},
		{name: "missing argument", args: []string{"completion"}, wantCode: 2, wantStderr: []string{"accepts 1 arg(s), received 0"}},
		{name: "missing destination file", args: []string{"validate"}, wantCode: 2, wantStderr: []string{"cliodest: validate needs the destination file", "cliodest validate time-entries.yaml"}},
		{name: "two destination files", args: []string{"status", "a.yaml", "b.yaml"}, wantCode: 2, wantStderr: []string{"takes one destination file, got 2: a.yaml b.yaml"}},
		{name: "invalid argument", args: []string{"completion", "tcsh"}, wantCode: 2, wantStderr: []string{`invalid argument "tcsh"`}},
		{name: "bad --base-url", args: []string{"--base-url", "ftp://clio.example", "version"}, wantCode: 2,
			wantStderr: []string{"invalid --base-url", "scheme"}},
		{name: "plain http to non-loopback", args: []string{"--base-url", "http://clio.example", "version"}, wantCode: 2,
			wantStderr: []string{"invalid --base-url", "loopback"}},
		{name: "bad CLIODEST_BASE_URL", args: []string{"version"}, env: map[string]string{"CLIODEST_BASE_URL": "not a url"}, wantCode: 2,
			wantStderr: []string{"invalid CLIODEST_BASE_URL"}},
		{name: "help works whatever the environment", args: []string{"help"}, env: map[string]string{"CLIODEST_BASE_URL": "ftp://x"}, wantCode: 0,
			wantStdout: []string{"Available Commands:"}},
		{name: "good --base-url", args: []string{"--base-url", "http://127.0.0.1:8765/api/v4", "version"}, wantCode: 0, wantStdout: []string{"cliodest "}},
		{name: "no command without a terminal", args: nil, wantCode: 2,
			wantStderr: []string{"the wizard needs a terminal", "cliodest new --no-input", "version", "sandbox"}},
		{name: "no command on a terminal opens the wizard", args: nil, tty: true, wantCode: 1, wantStderr: []string{"input closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, tt.env)
			tio.f.InTTY, tio.f.OutTTY = tt.tty, tt.tty
			code := run(tio.f, tt.args)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, tio.out, tio.errOut)
			}
			for _, s := range tt.wantStderr {
				if !strings.Contains(tio.errOut.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, tio.errOut)
				}
			}
			for _, s := range tt.wantStdout {
				if !strings.Contains(tio.out.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, tio.out)
				}
			}
			if tt.wantCode != 0 && strings.Count(tio.errOut.String(), "cliodest: ") != 1 {
				t.Errorf("error not printed exactly once:\n%s", tio.errOut)
			}
		})
	}
}

// TestErrorMapping runs commands that exist only in the test, so the mapping
// of errors to exit codes is checked independently of real commands.
func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		cancel     bool
		wantCode   int
		wantStderr string // "" means stderr must be empty
	}{
		{"ok", []string{"ok"}, false, 0, ""},
		{"plain error fails", []string{"fail"}, false, 1, "cliodest: sending: boom\n"},
		{"wrapped usage error", []string{"usage"}, false, 2, "cliodest: --size 0 is out of range\nRun 'cliodest usage --help' for usage.\n"},
		{"explicit code", []string{"exit3"}, false, 3, "cliodest: three\n"},
		{"silent exit", []string{"silent"}, false, 1, ""},
		{"missing required flag", []string{"needs-flag"}, false, 2, `required flag(s) "name" not set`},
		{"unknown subcommand of a group", []string{"group", "bogus"}, false, 2, `unknown command "bogus" for "cliodest group"`},
		{"group alone shows help", []string{"group"}, false, 0, ""},
		{"interrupted", []string{"wait"}, true, 130, ""},
		{"interrupted despite error", []string{"fail"}, true, 130, "cliodest: sending: boom\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, nil)
			root := newRootCmd(tio.f)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			var name string
			needsFlag := &cobra.Command{Use: "needs-flag", RunE: func(*cobra.Command, []string) error { return nil }}
			needsFlag.Flags().StringVar(&name, "name", "", "a name")
			_ = needsFlag.MarkFlagRequired("name")
			group := &cobra.Command{Use: "group"}
			group.AddCommand(&cobra.Command{Use: "child", RunE: func(*cobra.Command, []string) error { return nil }})
			root.AddCommand(
				&cobra.Command{Use: "ok", RunE: func(*cobra.Command, []string) error { return nil }},
				&cobra.Command{Use: "fail", RunE: func(*cobra.Command, []string) error {
					return errors.New("sending: boom")
				}},
				&cobra.Command{Use: "usage", RunE: func(*cobra.Command, []string) error {
					return errors.Join(usageErrorf("--size %d is out of range", 0))
				}},
				&cobra.Command{Use: "exit3", RunE: func(*cobra.Command, []string) error {
					return &ExitError{Code: 3, Err: errors.New("three")}
				}},
				&cobra.Command{Use: "silent", RunE: func(*cobra.Command, []string) error { return &ExitError{Code: 1} }},
				&cobra.Command{Use: "wait", RunE: func(c *cobra.Command, _ []string) error {
					<-c.Context().Done()
					return c.Context().Err()
				}},
				needsFlag,
				group,
			)
			enforceUsageErrors(root)
			code := execute(ctx, tio.f, root, tt.args)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr:\n%s", code, tt.wantCode, tio.errOut)
			}
			got := tio.errOut.String()
			switch {
			case tt.wantStderr == "" && got != "":
				t.Errorf("stderr = %q, want nothing", got)
			case tt.wantStderr != "" && !strings.Contains(got, tt.wantStderr):
				t.Errorf("stderr = %q, want it to contain %q", got, tt.wantStderr)
			}
		})
	}
}

// TestEveryCommandHasExamples keeps --help useful as commands are added.
func TestEveryCommandHasExamples(t *testing.T) {
	tio := newTestFactory(t, nil)
	var walk func(c *cobra.Command)
	count := 0
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		count++
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		if c.Short == "" {
			t.Errorf("%q has no Short", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(tio.f))
	if count < 5 { // root, version, sandbox, completion, help
		t.Fatalf("walked %d commands, want at least 5", count)
	}
}
