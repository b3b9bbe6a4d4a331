package cmd

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// A UK firm's workbook whose Date column mixes date cells (which arrive as
// 2026-03-05) and text Excel did not recognise (06/03/2026, day first)
// reaches Clio whole with date:DD/MM/YYYY: a layout also takes the cells.
func TestMixedDateWorkbookReachesClio(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"Date", "Matter", "Hours", "Description"}))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), 3001, 1.5, "a draft"}))
	must(f.SetSheetRow("Sheet1", "A3", &[]any{"06/03/2026", 3002, 2, "b call"}))
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	must(f.SetCellStyle("Sheet1", "A2", "A2", style))
	path := filepath.Join(dir, "time.xlsx")
	must(f.SaveAs(path))
	must(f.Close())
	got := deliverExport(t, path, "as a workbook", "--map", "date=Date:date:DD/MM/YYYY", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["date"] != "2026-03-05" || got[1]["date"] != "2026-03-06" {
		t.Fatalf("created %v", got)
	}
}

// A CSV export with a title line above its header reaches Clio with
// --header-row 2, and a bad row is named by its line in the file.
func TestCSVWithTitleLineReachesClio(t *testing.T) {
	path := writeFixture(t, t.TempDir(), "time.csv", []byte("Time report March 2026\nDate,Matter,Hours,Description\n2026-03-05,3001,1.5,a draft\n2026-03-06,3002,2,b call\n"))
	got := deliverExport(t, path, "as delimited text, comma separated, utf-8, header line 2", "--header-row", "2", "--map", "date=Date:date", "--map", "quantity=Hours:hours_to_seconds")
	if len(got) != 2 || got[0]["note"] != "a draft" || got[1]["quantity"] != float64(7200) {
		t.Fatalf("created %v", got)
	}
}
