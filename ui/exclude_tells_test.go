package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExcludeTellsWhatDisappears: ticking a mapped attribute says which
// Clio attribute will not be sent, at 80x24 too; unticking takes it back.
func TestExcludeTellsWhatDisappears(t *testing.T) {
	f := newOfflineFixture(t)
	m := newTestModel(t, f.options(), 80, 24)
	walkToMapping(t, m, f)
	press(t, m, "tab")
	ex := m.steps[stepExclude].(*excludeStep)
	ex.sel = slices.IndexFunc(m.schema.Attrs, func(a nexsetAttr) bool { return a.Path == "narrative" })
	const tell = "narrative is mapped to note: note will not be sent"
	if strings.Contains(screen(m), tell) {
		t.Fatal("told before the tick")
	}
	press(t, m, "space")
	checkFits(t, m, 80, 24)
	if sc := flat(screen(m)); !strings.Contains(sc, "! "+tell) {
		t.Fatalf("no tell:\n%s", screen(m))
	}
	press(t, m, "space")
	if strings.Contains(screen(m), tell) {
		t.Fatalf("still told after unticking:\n%s", screen(m))
	}
}

// TestExcludeListSaysHowManyMore: a list cut to the screen says how many
// attributes are above and below.
func TestExcludeListSaysHowManyMore(t *testing.T) {
	f := newOfflineFixture(t)
	path := wideCSV(t, f)
	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	pastePath(t, m, path)
	press(t, m, "enter")
	drive(t, m, m.goTo(stepExclude))
	sc := screen(m)
	if !strings.Contains(sc, "more below") || strings.Contains(sc, "more above") {
		t.Fatalf("top of the list:\n%s", sc)
	}
	for range 29 {
		press(t, m, "down")
	}
	sc = screen(m)
	if !strings.Contains(sc, "more above") || strings.Contains(sc, "more below") || !strings.Contains(sc, "col30") {
		t.Fatalf("bottom of the list:\n%s", sc)
	}
	checkFits(t, m, 80, 24)
}

// wideCSV writes a one-record CSV of 30 columns, col01 to col30.
func wideCSV(t *testing.T, f *fixture) string {
	t.Helper()
	var head, row []string
	for i := 1; i <= 30; i++ {
		head = append(head, fmt.Sprintf("col%02d", i))
		row = append(row, fmt.Sprint(i))
	}
	path := filepath.Join(f.dir, "wide.csv")
	if err := os.WriteFile(path, []byte(strings.Join(head, ",")+"\n"+strings.Join(row, ",")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
