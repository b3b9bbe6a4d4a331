package cmd

import (
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
)

func TestResolveBuild(t *testing.T) {
	vcs := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/cliodest/cliodest", Version: "v0.3.1"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-03-01T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	devel := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	tests := []struct {
		name          string
		ldV, ldC, ldD string
		bi            *debug.BuildInfo
		ok            bool
		want          buildInfo
	}{
		{"release stamp wins", "1.2.0", "abc", "2026-02-02T00:00:00Z", vcs, true,
			buildInfo{Version: "1.2.0", Commit: "abc", Date: "2026-02-02T00:00:00Z", Modified: true, Go: "go1.26.8"}},
		{"go install falls back to module and vcs", "", "", "", vcs, true,
			buildInfo{Version: "0.3.1", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-03-01T10:00:00Z", Modified: true, Go: "go1.26.8"}},
		{"devel build", "", "", "", devel, true, buildInfo{Version: "dev", Go: "go1.26.8"}},
		{"release stamp without a commit", "1.2.0-next", "none", "2026-02-02T00:00:00Z", vcs, true,
			buildInfo{Version: "1.2.0-next", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-02-02T00:00:00Z", Modified: true, Go: "go1.26.8"}},
		{"no build info", "", "", "", nil, false, buildInfo{Version: "dev", Go: runtime.Version()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolveBuild(tt.ldV, tt.ldC, tt.ldD, tt.bi, tt.ok)
			tt.want.Platform = runtime.GOOS + "/" + runtime.GOARCH
			tt.want.ClioAPIVersion = clio.DefaultAPIVersion
			if got != tt.want {
				t.Fatalf("resolveBuild =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	old := [3]string{version, commit, date}
	t.Cleanup(func() { version, commit, date = old[0], old[1], old[2] })
	version, commit, date = "1.4.2", "fedcba9876543210fedcba9876543210fedcba98", "2026-04-05T06:07:08Z"

	t.Run("text", func(t *testing.T) {
		tio := newTestFactory(t, nil)
		if code := run(tio.f, []string{"version"}); code != 0 {
			t.Fatalf("exit %d: %s", code, tio.errOut)
		}
		out := tio.out.String()
		for _, want := range []string{"cliodest 1.4.2\n", "commit:    fedcba987654", "built:     2026-04-05T06:07:08Z",
			"go:        go", runtime.GOOS + "/" + runtime.GOARCH, "clio api:  " + clio.DefaultAPIVersion} {
			if !strings.Contains(out, want) {
				t.Errorf("version output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		tio := newTestFactory(t, nil)
		if code := run(tio.f, []string{"version", "--json"}); code != 0 {
			t.Fatalf("exit %d: %s", code, tio.errOut)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(tio.out.String()), &got); err != nil {
			t.Fatalf("--json output is not JSON: %v\n%s", err, tio.out)
		}
		want := map[string]string{"version": "1.4.2", "commit": "fedcba9876543210fedcba9876543210fedcba98",
			"date": "2026-04-05T06:07:08Z", "clio_api_version": clio.DefaultAPIVersion, "platform": runtime.GOOS + "/" + runtime.GOARCH}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %v, want %q", k, got[k], v)
			}
		}
		if g, _ := got["go"].(string); !strings.HasPrefix(g, "go") {
			t.Errorf("go = %v, want a Go version", got["go"])
		}
	})
}

func TestCompletionScripts(t *testing.T) {
	tests := []struct{ shell, marker string }{
		{"bash", "__start_cliodest"},
		{"zsh", "#compdef cliodest"},
		{"fish", "complete -c cliodest"},
		{"powershell", "Register-ArgumentCompleter"},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			tio := newTestFactory(t, nil)
			if code := run(tio.f, []string{"completion", tt.shell}); code != 0 {
				t.Fatalf("exit %d: %s", code, tio.errOut)
			}
			if !strings.Contains(tio.out.String(), tt.marker) {
				t.Fatalf("%s script lacks %q", tt.shell, tt.marker)
			}
		})
	}
}
