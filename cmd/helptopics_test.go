package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow"
)

// TestHelpDestinationFile: the saved file's header points to a help topic
// that exists and prints docs/destination-file.md as it is on disk.
func TestHelpDestinationFile(t *testing.T) {
	data, err := flow.Marshal(flow.New("x"))
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(data), "\n")
	_, topic, ok := strings.Cut(header, "described by: cliodest ")
	if !ok {
		t.Fatalf("the header names no command: %s", header)
	}
	code, stdout, stderr := runCmd(t, nil, strings.Fields(topic)...)
	if code != 0 {
		t.Fatalf("cliodest %s: exit %d\n%s", topic, code, stderr)
	}
	doc, err := os.ReadFile(filepath.Join("..", "docs", "destination-file.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, strings.TrimSpace(string(doc))) {
		t.Fatalf("cliodest %s does not print docs/destination-file.md; it printed:\n%.400s", topic, stdout)
	}
	code, stdout, _ = runCmd(t, nil, "help")
	if code != 0 || !strings.Contains(stdout, "destination-file") {
		t.Fatalf("help does not list the topic (exit %d):\n%s", code, stdout)
	}
}
