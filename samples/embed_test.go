package samples_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
	"github.com/cliodest/cliodest/samples"
)

func TestWriteToDestinationsFindTheirNexsets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if err := samples.WriteTo(dir); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	var yamls int
	for _, name := range samples.Names() {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		yamls++
		d, err := flow.Load(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s does not load once copied: %v", name, err)
			continue
		}
		if filepath.IsAbs(d.Nexset.Path) {
			t.Errorf("%s: nexset path %q is absolute; it must be relative to travel", name, d.Nexset.Path)
		}
		if _, err := os.Stat(d.NexsetPath()); err != nil {
			t.Errorf("%s: its Nexset %s is not beside it: %v", name, d.Nexset.Path, err)
		}
	}
	if yamls < 4 {
		t.Errorf("only %d destination files embedded; want the templates' samples at least", yamls)
	}
}

func TestWriteToKeepsExistingFiles(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "time-entries.csv")
	if err := os.WriteFile(mine, []byte("edited by the user\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := samples.WriteTo(dir); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	got, err := os.ReadFile(mine)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "edited by the user\n" {
		t.Errorf("WriteTo overwrote a user's file: %q", got)
	}
}

func TestWriteToReportsAnUnusableDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := samples.WriteTo(filepath.Join(file, "sub"))
	if err == nil || !strings.Contains(err.Error(), "samples directory") {
		t.Errorf("WriteTo under a file: got %v, want an error about the samples directory", err)
	}
}

func TestDemoNexsetIsASample(t *testing.T) {
	if !slices.Contains(samples.Names(), samples.DemoNexset) {
		t.Fatalf("the demo's Nexset %s is not among the samples %v", samples.DemoNexset, samples.Names())
	}
}
