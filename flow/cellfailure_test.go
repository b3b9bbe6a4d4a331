package flow

import (
	"strings"
	"testing"

	"github.com/cliodest/cliodest/flow/nexset"
)

// A workbook record's failure names the cell (Time!C12), not a line.
func TestWorkbookFailureNamesCell(t *testing.T) {
	d := timeEntries(t)
	d.Nexset.Path = "time.xlsx"
	r := timeRecord(3)
	r.Line = 12
	r.Fields["hours"] = "one and a half"
	r.Sheet = &nexset.Sheet{Name: "Time", Columns: []string{"entry_id", "work_date", "hours"}}
	_, f := mustPlan(t, d).Prepare(r)
	if f == nil {
		t.Fatal("a bad hours value was prepared")
	}
	if got := f.Error(); !strings.HasPrefix(got, "time.xlsx Time!C12 (record 3): hours: ") {
		t.Errorf("failure %q does not name the cell", got)
	}
	r.Sheet = nil // a text Nexset: the line, as before
	if _, f := mustPlan(t, d).Prepare(r); !strings.HasPrefix(f.Error(), "time.xlsx line 12 (record 3): hours: ") {
		t.Errorf("failure %q does not name the line", f.Error())
	}
}

// A workbook record's warning about an ambiguous value names its cell too.
func TestWorkbookWarningNamesCell(t *testing.T) {
	d := timeEntries(t)
	d.Nexset.Path = "time.xlsx"
	r := timeRecord(3)
	r.Line = 12
	r.Fields["work_date"] = "03/04/2024" // March 4 or April 3
	r.Sheet = &nexset.Sheet{Name: "Time", Columns: []string{"entry_id", "work_date", "hours"}}
	it, f := mustPlan(t, d).Prepare(r)
	if f != nil {
		t.Fatal(f)
	}
	if len(it.Warnings) == 0 || !strings.HasPrefix(it.Warnings[0], "Time!B12 (work_date): ") {
		t.Errorf("warnings %q do not name the cell", it.Warnings)
	}
}
