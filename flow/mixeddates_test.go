package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A due-date column that mixes dates and date-times (issue 24, 1): datetime
// and its layouts read a date alone as the start of that day, a layout may
// mark its time optional, and a refusal names the layout that would read
// the value.
func TestMixedDateColumn(t *testing.T) {
	for _, c := range []struct {
		conv, in, want, wantErr string
	}{
		{"datetime", "12/15/2026", "2026-12-15T00:00:00Z", ""},
		{"datetime", "12/18/2026 17:00", "2026-12-18T17:00:00Z", ""},
		{"datetime", "18.12.2026 17:00", "2026-12-18T17:00:00Z", ""},
		{"datetime", "18/12/2026 17:00", "", `"18/12/2026 17:00" is not a date I can read: convert with datetime:DD/MM/YYYY hh:mm`},
		{"datetime", "2026/12/18 17:00", "", "convert with datetime:YYYY/MM/DD hh:mm"},
		{"date", "25/12/2026 09:30:15", "", "convert with date:DD/MM/YYYY hh:mm:ss"},
		{"datetime", "next Tuesday", "", "(use YYYY-MM-DD, or give its layout, e.g. datetime:DD/MM/YYYY)"},
		{"datetime:MM/DD/YYYY[ hh:mm]", "12/15/2026", "2026-12-15T00:00:00Z", ""},
		{"datetime:MM/DD/YYYY[ hh:mm]", "12/18/2026 17:00", "2026-12-18T17:00:00Z", ""},
		{"datetime:MM/DD/YYYY hh:mm", "12/15/2026", "2026-12-15T00:00:00Z", ""},
		{"datetime:MM/DD/YYYY hh:mm", "12/15/2026 17", "", "does not match"},
		{"datetime:DD/MM/YYYYThh:mm", "15/12/2026", "2026-12-15T00:00:00Z", ""},
		{"datetime:MM/DD/YYYY", "12/18/2026 17:00", "", "does not match the date layout MM/DD/YYYY (the layout MM/DD/YYYY hh:mm reads it)"},
		{"date:DD/MM/YYYY", "2024/03/05", "", "(the layout YYYY/MM/DD reads it)"},
	} {
		got, err := Convert(c.conv, c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("Convert(%s, %q) = %v, %v; want error %q", c.conv, c.in, got, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Convert(%s, %q) = %v, %v; want %s", c.conv, c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"MM/DD/YYYY[ hh:mm", "[MM/DD/YYYY]", "MM/DD[/YYYY]", "MM/DD/YYYY hh[:mm]", "MM/DD/YYYY[ hh:mm]x", "MM/DD/YYYY[ hh:mm][ ss]"} {
		if err := checkConversion("datetime:" + bad); err == nil {
			t.Errorf("layout %q accepted", bad)
		}
	}
}

// Journey A's deadlines: every row of a mixed column becomes a task whose
// due_at Clio's rules accept, with the time as written.
func TestMixedDueDatesBuildTasks(t *testing.T) {
	d := taskDest(
		Mapping{Target: "name", Source: "Task"},
		Mapping{Target: "description", Source: "Task"},
		Mapping{Target: "assignee.id", Value: int64(1001), Const: true},
		Mapping{Target: "assignee.type", Value: "User", Const: true},
		Mapping{Target: "due_at", Source: "Due", Convert: "datetime:MM/DD/YYYY[ hh:mm]"},
	)
	recs := []nexset.Record{
		rec(1, map[string]any{"Task": "File reply", "Due": "12/15/2026"}),
		rec(2, map[string]any{"Task": "Serve notice", "Due": "12/18/2026 17:00"}),
	}
	calls, fails := mustPlan(t, d).Build(recs)
	if len(fails) != 0 || len(calls) != 2 {
		t.Fatalf("calls %d, fails %v", len(calls), fails)
	}
	for i, want := range []string{`"due_at":"2026-12-15T00:00:00Z"`, `"due_at":"2026-12-18T17:00:00Z"`} {
		if !strings.Contains(string(calls[i].Body), want) {
			t.Errorf("record %d: %s lacks %s", i+1, calls[i].Body, want)
		}
	}
}
