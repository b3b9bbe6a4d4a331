package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cliodest/cliodest/clio/sandbox"
)

// With a credential, the values the mapping looks up are looked up in the
// background: the side pane shows each sample's IDs (matter: 00042-Whitfield
// → 3009) and the Mapping step how many of the first records resolve,
// naming the one that does not.
func TestWizardShowsLookedUpIDs(t *testing.T) {
	f := newFixture(t)
	path := filepath.Join(f.dir, "firm.csv")
	csv := "entry_id,work_date,hours,matter_number,lawyer_email\n" +
		"E1,2026-11-02,1.5,00042-Whitfield,marcus@firm.example\n" +
		"E2,2026-11-02,0.5,00099-Nobody,Marcus@Firm.example\n" +
		"E3,2026-11-03,2,00042-Whitfield Estate,marcus@firm.example\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, f.options(), 140, 45)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter", "enter") // load, Credential
	connectOffline(t, m, f)
	press(t, m, "enter", "enter", "enter") // check, template, Mapping
	if m.cur != stepMapping {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	for _, want := range []string{"matter.id=matter_number:lookup:matters.display_number", "user.id=lawyer_email:lookup:users.email"} {
		if !strings.Contains(fmtMappings(m), want) {
			t.Fatalf("suggested mapping lacks %s: %s", want, fmtMappings(m))
		}
	}
	press(t, m, "down", "up") // any key: the look-ups start, and their answers come back

	pane := ansi.Strip(m.pane.content)
	for _, want := range []string{
		"matter: 00042-Whitfield → 3009", "user: marcus@firm.example → ", "matter: 00042-Whitfield Estate → 3010",
		"no matter with display_number 00099-Nobody",
	} {
		if !strings.Contains(pane, want) {
			t.Errorf("pane lacks %q:\n%s", want, pane)
		}
	}
	sc := screen(m)
	for _, want := range []string{
		"Look-ups: 2 of the first 3 records resolve",
		"record 2 (matter_number): no matter with display_number 00099-Nobody",
	} {
		if !strings.Contains(sc, want) {
			t.Errorf("Mapping step lacks %q:\n%s", want, sc)
		}
	}
	if sandbox.MatterWhitfield != 3009 {
		t.Fatalf("the sandbox's Whitfield matter is %d: update the wanted IDs", sandbox.MatterWhitfield)
	}
}

func fmtMappings(m *model) string {
	var out []string
	for _, mp := range m.d.Mapping {
		out = append(out, mp.String())
	}
	return strings.Join(out, "; ")
}
