package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/samples"
)

// The demo opens its wizard on its lookup sample: the Nexset step starts
// with it read, and enter goes on.
func TestWizardOpensOnStartNexset(t *testing.T) {
	f := newOfflineFixture(t)
	if err := samples.WriteTo(f.dir); err != nil {
		t.Fatal(err)
	}
	o := f.options()
	o.StartDir, o.StartNexset, o.Demo = f.dir, filepath.Join(f.dir, samples.DemoNexset), true
	m := newTestModel(t, o, 100, 30)
	drive(t, m, m.Init())
	s := m.steps[stepNexset].(*nexsetStep)
	if s.loaded != o.StartNexset || !strings.Contains(screen(m), "Records: 5") {
		t.Fatalf("not opened on %s (loaded %q):\n%s", o.StartNexset, s.loaded, screen(m))
	}
}
