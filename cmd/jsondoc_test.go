package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cliodest/cliodest/flow/deliver"
	"github.com/cliodest/cliodest/flow/ledger"
)

// readmeTable returns the rows of the README table whose header row is
// header: first cell → the field names the last cell lists (backquoted
// names outside parentheses, which hold explanations).
func readmeTable(t *testing.T, header string) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	i := strings.Index(s, "\n"+header+"\n")
	if i < 0 {
		t.Fatalf("README has no table %q", header)
	}
	rows := map[string][]string{}
	paren := regexp.MustCompile(`\([^()]*\)`)
	name := regexp.MustCompile("`([a-z_.]+)`")
	for _, line := range strings.Split(s[i+1:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		var fields []string
		for _, m := range name.FindAllStringSubmatch(paren.ReplaceAllString(cells[len(cells)-1], ""), -1) {
			fields = append(fields, m[1])
		}
		sort.Strings(fields)
		rows[strings.TrimSpace(cells[0])] = fields
	}
	return rows
}

// jsonKeys lists the keys v marshals to, nested objects as parent.child
// ("event" left out: it is the row itself).
func jsonKeys(t *testing.T, v any) []string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k, v := range m {
		if k == "event" {
			continue
		}
		keys = append(keys, k)
		if sub, ok := v.(map[string]any); ok {
			for sk := range sub {
				keys = append(keys, k+"."+sk)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// TestJSONEventsDocumented: the README's --json table names every event
// activate and retry print, with exactly the fields each carries (every
// optional field set, so none hides).
func TestJSONEventsDocumented(t *testing.T) {
	now := time.Now()
	full := deliver.Summary{Run: 1, Mode: "activate", Total: 9, Paused: true, Stopped: "x", WebhookError: "x", FindBy: "lookup:contacts.email",
		RunSummary: ledger.RunSummary{Err: "x"}}
	events := []deliver.Event{
		deliver.Started{Run: 1, Mode: "activate", Nexset: "n.jsonl", Time: now},
		deliver.Total{Records: 9},
		deliver.Progress{Total: 9, Pacing: deliver.Pacing{Limit: 50, Held: 1, Reset: now}},
		deliver.RecordFailed{Pos: 1, Line: 1, Key: "k", Status: 422, State: string(ledger.Failed), Message: "m"},
		deliver.RecordFailed{Pos: 1, Line: 1, Key: "k", Status: 500, State: string(ledger.InDoubt), Message: "m"},
		deliver.RecordFailed{Pos: 1, Line: 1, Key: "k", State: string(ledger.Pending), Message: "m"},
		deliver.RecordConflict{Pos: 1, Line: 1, Key: "k", ClioID: 7, Differs: []string{"note"}, Action: deliver.ConflictKept, Message: "m"},
		deliver.WebhookFailed{Message: "m"},
		deliver.WebhookWaiting{Documents: 2, Limit: time.Second},
		deliver.Finished{Summary: full},
	}
	doc := readmeTable(t, "| event | when | fields |")
	seen := map[string]bool{}
	for _, ev := range events {
		v := jsonEvent(ev)
		if v == nil {
			t.Errorf("%T prints no --json event", ev)
			continue
		}
		name := reflect.ValueOf(v).Field(0).String()
		seen[name] = true
		if got, want := jsonKeys(t, v), doc["`"+name+"`"]; !slices.Equal(got, want) {
			t.Errorf("event %s: fields %v, README lists %v", name, got, want)
		}
	}
	for row := range doc {
		if !seen[strings.Trim(row, "`")] {
			t.Errorf("README documents %s, which no event prints", row)
		}
	}
}

// TestStatusJSONDocumented: the README's status --json table lists exactly
// the report's fields, the last run's and a listed record's.
func TestStatusJSONDocumented(t *testing.T) {
	doc := readmeTable(t, "| object | fields |")
	n, end := 1, time.Now()
	rep := statusReport{NexsetRecords: &n, NotDelivered: &n, LastRun: &runJSON{FinishedAt: &end, PID: 1, Host: "h", Error: "x"},
		Failed: []entryJSON{{}}, InDoubt: []entryJSON{{}}, Removed: []entryJSON{{}}, DuplicateKeys: []duplicateJSON{{}}, EditConflicts: []conflictJSON{{Line: 1}}}
	top := slices.DeleteFunc(jsonKeys(t, rep), func(k string) bool { return strings.HasPrefix(k, "last_run.") })
	entry := entryJSON{Line: 1, Method: "POST", URL: "u", HTTPStatus: 1, ClioID: 1, ErrType: "x", ErrMessage: "x"}
	for _, c := range []struct {
		row string
		got []string
	}{
		{"the report", top},
		{"`last_run`", jsonKeys(t, rep.LastRun)},
		{"a record of `failed` or `in_doubt`", jsonKeys(t, entry)},
		{"a record of `edit_conflicts`", jsonKeys(t, rep.EditConflicts[0])},
	} {
		if want := doc[c.row]; !slices.Equal(c.got, want) {
			t.Errorf("status --json %s: fields %v, README lists %v", c.row, c.got, want)
		}
	}
}
