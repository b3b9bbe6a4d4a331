package ui

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReadmeKeyTable checks the README's table of keys against the key
// maps: every global key is in it, and every key it names is a global key
// or one a step's footer offers. No sandbox: the steps are set up alone.
func TestReadmeKeyTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "Keys on every step")
	if !ok {
		t.Fatal("the README has no key table")
	}
	table, _, _ = strings.Cut(table, "\n\n\n")
	table, _, _ = strings.Cut(strings.SplitN(table, "|---|---|", 2)[1], "\n\n")
	names := map[string]string{"↑": "up", "↓": "down", "pgdn": "pgdown"}
	var readme []string
	for _, row := range strings.Split(strings.TrimSpace(table), "\n") {
		cells := strings.Split(row, "|")
		if len(cells) < 3 {
			t.Fatalf("not a table row: %q", row)
		}
		for _, k := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(cells[1], -1) {
			n := k[1]
			if v, ok := names[n]; ok {
				n = v
			}
			readme = append(readme, n)
		}
	}
	var global []string
	for _, kb := range newGlobalKeys().all() {
		global = append(global, kb.Keys()...)
	}
	for _, k := range global {
		if !slices.Contains(readme, k) {
			t.Errorf("global key %q is not in the README's table", k)
		}
	}

	// The steps' footers in every state the key-map test puts them in.
	var footers []string
	for _, c := range keyCases() {
		env, s := c.setup(t, t.TempDir())
		for _, kb := range s.keys(env) {
			footers = append(footers, kb.Keys()...)
		}
	}
	for _, k := range readme {
		if !slices.Contains(global, k) && !slices.Contains(footers, k) {
			t.Errorf("the README names %q, which no key map binds", k)
		}
	}
}
