package cmd

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// readmeCommandRows reads the README's "## Commands" table: for each row,
// the commands its first cell names ("credentials list\|check\|remove" is
// three) and the row's whole text.
func readmeCommandRows(t *testing.T, root *cobra.Command) (rows map[*cobra.Command]string, readme string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme = string(raw)
	i := strings.Index(readme, "\n## Commands\n")
	if i < 0 {
		t.Fatal("README has no '## Commands' section")
	}
	rows = map[*cobra.Command]string{}
	cell := regexp.MustCompile("^\\| `cliodest([^`]*)` \\|")
	for _, line := range strings.Split(readme[i:], "\n")[5:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		m := cell.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("README command row does not start with `cliodest …`: %s", line)
			continue
		}
		cmds := []*cobra.Command{root}
		for _, word := range strings.Fields(m[1]) {
			var next []*cobra.Command
			for _, c := range cmds {
				for _, alt := range strings.Split(word, `\|`) {
					if sub, _, err := c.Find([]string{alt}); err == nil && sub != c {
						next = append(next, sub)
					}
				}
			}
			if len(next) == 0 {
				break // an argument: FILE, [FILE], bash|zsh…
			}
			cmds = next
		}
		for _, c := range cmds {
			rows[c] = line
		}
	}
	return rows, readme
}

// TestREADMECommandsMatchTree: the README's command table has a row for
// every command a user can run, the flags a row names exist on its
// command, and every flag of every command is described somewhere in the
// README.
func TestREADMECommandsMatchTree(t *testing.T) {
	f := newSystemFactory()
	f.fillDefaults()
	root := newRootCmd(f)
	rows, readme := readmeCommandRows(t, root)
	destDoc, err := os.ReadFile(filepath.Join("..", "docs", "destination-file.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs := readme + string(destDoc)
	flagRe := regexp.MustCompile("--[a-z][a-z-]*")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasParent() && !c.IsAvailableCommand() && c.Name() != "help" {
			return
		}
		row, ok := rows[c]
		if !ok && !c.HasSubCommands() {
			t.Errorf("the README's command table has no row for %q", c.CommandPath())
		}
		for _, fl := range flagRe.FindAllString(row, -1) {
			if c.Flags().Lookup(fl[2:]) == nil && c.InheritedFlags().Lookup(fl[2:]) == nil {
				t.Errorf("the README's row for %q names %s, which it does not have", c.CommandPath(), fl)
			}
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fl.Hidden || fl.Name == "help" {
				return
			}
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(fl.Name) + `\b[^-]`).MatchString(docs) {
				t.Errorf("%s --%s is not described in the README or docs/destination-file.md", c.CommandPath(), fl.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for c := range rows {
		if !slices.Contains(root.Commands(), c) && c != root && c.Parent() == nil {
			t.Errorf("the README documents %q, which is not a command", c.CommandPath())
		}
	}
}
