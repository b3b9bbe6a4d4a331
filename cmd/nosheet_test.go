package cmd

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A firm's workbook that opens on a summary sheet has no records there:
// new and validate say so, naming the sheet read and the others, with how
// to read one, instead of writing (or passing) the file without a word.
func TestWorkbookWithoutRecordsNamesItsOtherSheets(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Summary"))
	_, err := f.NewSheet("Time")
	must(err)
	must(f.SetCellStr("Summary", "A1", "Totals, see the Time sheet"))
	must(f.SetSheetRow("Time", "A1", &[]any{"Date", "Hours"}))
	must(f.SetSheetRow("Time", "A2", &[]any{"2026-03-04", 1.5}))
	path := filepath.Join(dir, "time.xlsx")
	must(f.SaveAs(path))
	must(f.Close())
	out := filepath.Join(dir, "time.yaml")
	code, stdout, errOut := runCmd(t, nil, "new", "--no-input", "-o", out, "--nexset", path, "--template", "create_activity",
		"--set", "type=TimeEntry", "--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if code != 0 || !strings.Contains(errOut, "warning: --nexset "+path+" has no records in sheet Summary (the workbook's other sheets: Time; --sheet NAME reads one)") {
		t.Fatalf("new: exit %d\n%s%s", code, stdout, errOut)
	}
	code, stdout, errOut = runCmd(t, nil, "validate", out)
	if code != 0 || !strings.Contains(stdout, "has no records in sheet Summary (the workbook's other sheets: Time; nexset.sheet: NAME reads one)") {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, errOut)
	}
}
