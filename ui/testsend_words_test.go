package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cliodest/cliodest/clio"
	"github.com/cliodest/cliodest/clio/sandbox"
	"github.com/cliodest/cliodest/flow/nexset"
)

func TestTestStepHeading(t *testing.T) {
	tests := []struct {
		name        string
		head, total int
		want        string
	}{
		{"all records here", 3, 3, "Record 2 of 3 (line 3)"},
		{"short file, still counting", 3, -1, "Record 2 of 3 (line 3)"},
		{"head of a larger file", headRecords, 22, "Record 2 of the first 20 (line 3; 22 in the Nexset)"},
		{"head, count unknown", headRecords, -1, "Record 2 of the first 20 (line 3)"},
		{"exactly the head", headRecords, headRecords, "Record 2 of 20 (line 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &stepEnv{total: tt.total}
			for i := range tt.head {
				m.recs = append(m.recs, nexset.Record{Pos: i + 1, Line: i + 2})
			}
			s := &testStep{rec: 1}
			if got := s.heading(m); got != tt.want {
				t.Fatalf("heading = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTestStepSaysWhatASendDoes walks to the Test step against a sandbox
// with Clio's default rate limit: before sending it says a send makes a
// real object kept as the record's delivery, and shows the rate limit;
// after, Clio's answer carries the template's fields and the new rate
// limit, and it offers to undo the test (u deletes the object) or keep it.
func TestTestStepSaysWhatASendDoes(t *testing.T) {
	f := newOfflineFixture(t)
	srv := sandbox.New(sandbox.Config{}) // rate limited, as Clio is
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	host, err := clio.ParseBaseURL(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.host = srv, host
	f.token, _ = srv.IssueToken()

	m := newTestModel(t, f.options(), 140, 45)
	walkToMapping(t, m, f)
	press(t, m, "tab", "enter", "enter")
	if m.cur != stepTest {
		t.Fatalf("step = %s:\n%s", stepTitles[m.cur], screen(m))
	}
	before := screen(m)
	for _, want := range []string{"Record 1 of 3 (line 1)", "?fields=id,etag,type,date,quantity,total,matter{id,display_number}",
		"creates a real object in the sandbox", "kept as this record's delivery (u undoes it)"} {
		if !strings.Contains(before, want) {
			t.Fatalf("before sending, the screen lacks %q:\n%s", want, before)
		}
	}
	rate := regexp.MustCompile(`Rate limit: (\d+) of 50 requests left in this window \(it resets at \d\d:\d\d:\d\d\)`)
	mb := rate.FindStringSubmatch(before)
	if mb == nil {
		t.Fatalf("before sending, no rate limit shown:\n%s", before)
	}
	press(t, m, "s")
	after := screen(m)
	for _, want := range []string{"Status: 201 accepted", `"type": "TimeEntry"`, `"display_number"`, "Kept as record 1's delivery", "u undo (delete object"} {
		if !strings.Contains(after, want) {
			t.Fatalf("after sending, the screen lacks %q:\n%s", want, after)
		}
	}
	ma := rate.FindStringSubmatch(after)
	if ma == nil {
		t.Fatalf("after sending, no rate limit shown:\n%s", after)
	}
	if left, was := atoi(t, ma[1]), atoi(t, mb[1]); left >= was {
		t.Fatalf("rate limit left %d after sending, %d before: the send's own state is not shown", left, was)
	}
	if n := srv.Created("activities"); n != 1 {
		t.Fatalf("sandbox created %d activities, want 1", n)
	}
	// Not saved yet: the object waits among the tests the save records.
	if len(m.keptTests) != 1 {
		t.Fatalf("kept tests %d, want 1", len(m.keptTests))
	}
	id := m.steps[stepTest].(*testStep).kept.id
	press(t, m, "u")
	if got := flat(screen(m)); !strings.Contains(got, fmt.Sprintf("Undone: Clio object %d was deleted", id)) || strings.Contains(got, "u undo") {
		t.Fatalf("after u:\n%s", screen(m))
	}
	if len(m.keptTests) != 0 {
		t.Fatalf("kept tests %d after undo, want 0", len(m.keptTests))
	}
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v4/activities/%d.json", hs.URL, id), nil)
	req.Header.Set("Authorization", "Bearer "+f.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the test object after undo: status %d", resp.StatusCode)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
