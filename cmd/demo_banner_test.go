package cmd

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/flow/cred"
)

// The demo's banner fits an 80-column terminal (the sandbox's address and
// the credential's line wrapped mid-word), and still says it is not Clio.
func TestDemoBannerFits80Columns(t *testing.T) {
	host, err := clio.ParseBaseURL("http://127.0.0.1:38483")
	if err != nil {
		t.Fatal(err)
	}
	e := &demoEnv{host: host, user: cred.User{Name: "Jane Doe"}, dir: "/tmp/d/cliodest-demo"}
	var b strings.Builder
	e.banner(&b)
	for _, l := range strings.Split(b.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %q", n, l)
		}
	}
	for _, want := range []string{"rehearsal against the built-in sandbox", "http://127.0.0.1:38483", "not Clio", "nothing leaves this machine", `"sandbox" acts as Jane Doe`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, b.String())
		}
	}
}

// The demo's last words fit 80 columns for the default folder (the line
// naming it had 81: its final "." wrapped), and still say what to run.
func TestDemoGoodbyeFits80Columns(t *testing.T) {
	var b strings.Builder
	demoGoodbye(&b, "cliodest-demo", "To open your destination again on a fresh sandbox:", "cliodest demo cliodest-demo/mine.yaml")
	for _, l := range strings.Split(b.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %q", n, l)
		}
	}
	for _, want := range []string{"what it stored is gone", "Your files are in cliodest-demo.\n", "\n  cliodest demo cliodest-demo/mine.yaml\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("goodbye lacks %q:\n%s", want, b.String())
		}
	}
}
