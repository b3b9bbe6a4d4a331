package home

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The README's table of the home's keys and the key map agree: every key
// the list answers is in the table, and the table names no other.
func TestReadmeHomeKeys(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	must(t, err)
	s := string(data)
	start := strings.Index(s, "## The home")
	end := strings.Index(s[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatal("README has no section The home")
	}
	var documented []string
	tick := regexp.MustCompile("`([^`]+)`")
	for _, line := range strings.Split(s[start:start+1+end], "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		first := strings.Split(line, "|")[1]
		for _, m := range tick.FindAllStringSubmatch(first, -1) {
			documented = append(documented, m[1])
		}
	}
	var answered []string
	for _, b := range newKeyMap().listKeys() {
		for _, k := range b.Keys() {
			if k != "ctrl+c" { // quits everywhere, as in the wizard
				answered = append(answered, k)
			}
		}
	}
	slices.Sort(documented)
	slices.Sort(answered)
	if !slices.Equal(documented, answered) {
		t.Errorf("README's home keys %v, the key map's %v", documented, answered)
	}
}
