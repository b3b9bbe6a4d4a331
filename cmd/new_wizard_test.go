package cmd

import (
	"strings"
	"testing"
)

// `cliodest new` without --no-input opens the wizard on a terminal (it
// said the wizard was "not available in this build"), says it needs one
// elsewhere, and refuses flags it would otherwise ignore.
func TestNewWithoutNoInput(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		tty        bool
		wantCode   int
		wantStderr []string
	}{
		{name: "no terminal", args: []string{"new"}, wantCode: 2, wantStderr: []string{"opens the wizard, which needs a terminal", "--no-input"}},
		{name: "on a terminal it opens the wizard", args: []string{"new"}, tty: true, wantCode: 1, wantStderr: []string{"input closed"}},
		{name: "flags without --no-input", args: []string{"new", "-o", "x.yaml", "--nexset", "x.csv"}, tty: true, wantCode: 2,
			wantStderr: []string{"--nexset, -o", "add --no-input"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tio := newTestFactory(t, nil)
			tio.f.InTTY, tio.f.OutTTY = tt.tty, tt.tty
			code := run(tio.f, tt.args)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d\nstderr:\n%s", code, tt.wantCode, tio.errOut)
			}
			for _, s := range tt.wantStderr {
				if !strings.Contains(tio.errOut.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, tio.errOut)
				}
			}
			if strings.Contains(tio.errOut.String(), "not available in this build") {
				t.Errorf("new says the wizard is not available:\n%s", tio.errOut)
			}
		})
	}
}
