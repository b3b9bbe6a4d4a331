package ui

import (
	"regexp"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"
)

// unstable are the parts of a test-send screen that change from run to run,
// with what replaces them: Clio's timestamps, the time taken, etags.
var unstable = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})`), "TIMESTAMP"},
	{regexp.MustCompile(` in \d+(\.\d+)?(ns|µs|ms|s)\b`), " in DURATION"},
	{regexp.MustCompile(`"etag": "(\\"[^"\\]*\\"|[^"]*)"`), `"etag": "ETAG"`},
	// Lines are padded to the column's width: a masked part of another
	// length would move the padding.
	{regexp.MustCompile(`(?m)[ \t]+$`), ""},
}

func maskUnstable(b []byte) []byte {
	for _, u := range unstable {
		b = u.re.ReplaceAll(b, []byte(u.with))
	}
	return b
}

func TestMaskUnstable(t *testing.T) {
	in := `Status: 201 accepted in 12ms
"etag": "\"96ede4ec4b1bb948\"",
"created_at": "2024-03-04T12:00:01.123+01:00",
"updated_at": "2024-03-04T11:00:01Z"
Status: 422 refused in 1.5s   `
	want := `Status: 201 accepted in DURATION
"etag": "ETAG",
"created_at": "TIMESTAMP",
"updated_at": "TIMESTAMP"
Status: 422 refused in DURATION`
	if got := string(maskUnstable([]byte(in))); got != want {
		t.Fatalf("masked:\n%s\nwant:\n%s", got, want)
	}
}

// TestGoldenTestSend is the test-send screen after Clio's answer, on a
// terminal narrow enough that the side pane hides (it has goldens of its own).
func TestGoldenTestSend(t *testing.T) {
	f := newFixture(t)
	tm := startProgram(t, f, 90, 60)
	toMapping(t, tm)
	keys(tm, "tab", "enter", "enter")
	waitFor(t, tm, "Record 1 of 3")
	keys(tm, "s")
	waitFor(t, tm, "Status: 201 accepted")
	teatest.RequireEqualOutput(t, maskUnstable(finalScreen(t, tm)))
}
