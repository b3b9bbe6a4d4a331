package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestDemoDoesNotPinSandboxURL: --base-url is kept in the destination
// (base_url); CLIODEST_BASE_URL alone is used but not kept, as new does
// (issue 22.10: a sandbox's random port was saved); the demo's sandbox is not: its random port is gone when
// the demo ends, and a file pinned to it would send requests nowhere. A file
// pinned by an earlier demo is reopened in demo mode without it.
func TestDemoDoesNotPinSandboxURL(t *testing.T) {
	for _, tt := range []struct {
		name      string
		demo, pin bool
		want      func(f *fixture) string
	}{
		{"base-url", false, true, func(f *fixture) string { return f.host.String() }},
		{"CLIODEST_BASE_URL only", false, false, func(*fixture) string { return "" }},
		{"demo", true, true, func(*fixture) string { return "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			o := f.options()
			o.Demo, o.PinBaseURL = tt.demo, tt.pin
			m := newTestModel(t, o, 140, 45)
			walkToMapping(t, m, f)
			if want := tt.want(f); m.d.BaseURL != want {
				t.Fatalf("base_url = %q after the credential check, want %q", m.d.BaseURL, want)
			}
		})
	}

	f := newFixture(t)
	d := flow.New("old demo")
	d.Nexset.Path = f.nexset
	d.Credential = "sandbox"
	d.BaseURL = "http://127.0.0.1:1"
	d.Endpoint.Template = flow.CreateActivity
	path := filepath.Join(f.dir, "old.yaml")
	out, err := flow.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	o := f.options()
	o.Demo, o.EditPath = true, path
	m := newTestModel(t, o, 140, 45)
	if m.d.BaseURL != "" {
		t.Fatalf("demo edit kept the earlier sandbox's base_url %q", m.d.BaseURL)
	}
	if strings.Contains(paneText(m), "127.0.0.1:1/") {
		t.Fatalf("the pane still shows the earlier sandbox:\n%s", paneText(m))
	}
}
