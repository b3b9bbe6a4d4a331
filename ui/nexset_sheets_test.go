package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A workbook that opens on a summary sheet has no records there: the step
// says which sheet was read and offers the others, and choosing one reads
// the records from it (the wizard was stuck on "no records" with only a
// Header row field).
func TestNexsetStepOffersSheetsOfAWorkbookWithoutRecords(t *testing.T) {
	f := newOfflineFixture(t)
	book := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(book.SetSheetName("Sheet1", "Summary"))
	_, err := book.NewSheet("Time")
	must(err)
	must(book.SetCellStr("Summary", "A1", "Totals, see the Time sheet"))
	must(book.SetSheetRow("Time", "A1", &[]any{"Entry", "Hours"}))
	must(book.SetSheetRow("Time", "A2", &[]any{"T1", 1.5}))
	path := filepath.Join(f.dir, "firm.xlsx")
	must(book.SaveAs(path))

	m := newTestModel(t, f.options(), 80, 24)
	press(t, m, "ctrl+u")
	typeText(t, m, path)
	press(t, m, "enter")
	s := m.steps[stepNexset].(*nexsetStep)
	if sc := screen(m); !strings.Contains(sc, "no records in sheet Summary") || !strings.Contains(sc, "choose another sheet") {
		t.Fatalf("the refusal does not name the sheet read:\n%s", sc)
	}
	focusOn(t, m, s, "sheet")
	if sc := screen(m); !strings.Contains(sc, "Summary   Time") {
		t.Fatalf("the sheets are not listed:\n%s", sc)
	}
	press(t, m, "right", "right")
	if m.d.Nexset.Sheet != "Time" || len(m.recs) != 1 || len(m.schema.Attrs) != 2 {
		t.Fatalf("sheet %q, %d records after choosing Time:\n%s", m.d.Nexset.Sheet, len(m.recs), screen(m))
	}
}
