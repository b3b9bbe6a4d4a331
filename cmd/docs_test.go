package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// manPages lists the man page every visible command gets, by the name
// cobra/doc gives it (cliodest-credentials-check.1).
func manPages(c *cobra.Command) []string {
	if !c.IsAvailableCommand() && c.HasParent() {
		return nil
	}
	out := []string{strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"}
	for _, s := range c.Commands() {
		out = append(out, manPages(s)...)
	}
	return out
}

// The release's man pages and completions are generated from the command
// tree: one page per command, and completion scripts that name cliodest.
func TestGenerateDocs(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if err := GenerateDocs(dir); err != nil {
		t.Fatal(err)
	}
	f := newSystemFactory()
	f.fillDefaults()
	want := manPages(newRootCmd(f))
	for _, p := range want {
		b, err := os.ReadFile(filepath.Join(dir, "man", p))
		if err != nil {
			t.Errorf("no man page: %v", err)
			continue
		}
		if !strings.Contains(string(b), `.TH "CLIODEST" "1" "Nov 2023"`) {
			t.Errorf("%s: header not dated from SOURCE_DATE_EPOCH:\n%.200s", p, b)
		}
	}
	got, _ := filepath.Glob(filepath.Join(dir, "man", "*.1"))
	if len(got) != len(want) {
		t.Errorf("%d man pages, want %d (%v)", len(got), len(want), want)
	}
	for name, marker := range map[string]string{
		"cliodest.bash": "complete -o default -F __start_cliodest cliodest",
		"_cliodest":     "#compdef cliodest",
		"cliodest.fish": "complete -c cliodest",
	} {
		b, err := os.ReadFile(filepath.Join(dir, "completions", name))
		if err != nil || !strings.Contains(string(b), marker) {
			t.Errorf("completion %s lacks %q (err %v)", name, marker, err)
		}
	}
}

// The Homebrew cask lists man pages one by one (its manpages take no
// pattern): the list must name exactly the pages the command tree makes.
func TestGoreleaserCaskManPages(t *testing.T) {
	b, err := os.ReadFile("../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Casks []struct {
			Manpages []string `yaml:"manpages"`
		} `yaml:"homebrew_casks"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Casks) != 1 {
		t.Fatalf("%d homebrew casks, want 1", len(cfg.Casks))
	}
	var got []string
	for _, m := range cfg.Casks[0].Manpages {
		got = append(got, strings.TrimPrefix(m, "man/"))
	}
	f := newSystemFactory()
	f.fillDefaults()
	want := manPages(newRootCmd(f))
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf(".goreleaser.yaml homebrew_casks manpages:\n got %v\nwant %v", got, want)
	}
}

// Tab completion speaks the shell's protocol: a tab between a completion and
// its description, kept as a tab (the terminal sanitiser must not touch it).
func TestCompletionProtocol(t *testing.T) {
	code, out, errOut := runCmd(t, nil, "__complete", "act")
	if code != 0 || !strings.HasPrefix(out, "activate\t") {
		t.Fatalf("__complete act: exit %d, stdout %q, stderr %q; want activate<TAB>description", code, out, errOut)
	}
}
