package nexset

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cliodest/cliodest/internal/bigworkbook"
)

// firmWorkbook writes the workbook a firm's analyst has: sheet Time with a
// title row, a blank row, the header on row 3, date cells, a formula (with
// its cached value), a number shown as money, a trailing empty row and
// column; and a second sheet, Expenses. hidden hides Time.
func firmWorkbook(t testing.TB, dir string, hidden bool) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Time"))
	_, err := f.NewSheet("Expenses")
	must(err)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy
	must(err)
	moneyStyle, err := f.NewStyle(&excelize.Style{NumFmt: 7}) // $#,##0.00
	must(err)
	must(f.SetCellStr("Time", "A1", "Time sheet, November 2026"))
	must(f.SetSheetRow("Time", "A3", &[]any{"Entry", "Date", "Hours", "Matter", "Description", "Billable"}))
	rows := []struct {
		date  time.Time
		hours float64
		desc  string
	}{
		{time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), 1.5, "Besprechung Müller – Entwurf"},
		{time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), 2, "Call"},
	}
	for i, r := range rows {
		row := i + 4
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(2, row)
		c, _ := excelize.CoordinatesToCellName(3, row)
		d, _ := excelize.CoordinatesToCellName(4, row)
		e, _ := excelize.CoordinatesToCellName(5, row)
		g, _ := excelize.CoordinatesToCellName(6, row)
		must(f.SetCellInt("Time", a, int64(1001+i)))
		must(f.SetCellValue("Time", b, r.date))
		must(f.SetCellStyle("Time", b, b, dateStyle))
		must(f.SetCellFloat("Time", c, r.hours, -1, 64))
		must(f.SetCellInt("Time", d, int64(3001+i)))
		must(f.SetCellStr("Time", e, r.desc))
		must(f.SetCellBool("Time", g, i == 0))
	}
	must(f.SetCellFormula("Time", "C5", "1+1")) // Hours of row 5: a formula whose cached value is 2
	must(f.SetSheetRow("Expenses", "A1", &[]any{"Entry", "Amount"}))
	must(f.SetSheetRow("Expenses", "A2", &[]any{"E1", 1200.5}))
	must(f.SetCellStyle("Expenses", "B2", "B2", moneyStyle))
	if hidden {
		f.SetActiveSheet(1) // Excel hides no active sheet
		must(f.SetSheetVisible("Time", false))
	}
	path := filepath.Join(dir, "time.xlsx")
	must(f.SaveAs(path))
	return path
}

func readWorkbook(t *testing.T, path string, o Options) (readResult, Layout) {
	t.Helper()
	r, err := Open(context.Background(), path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return drain(t, r), r.Layout()
}

func TestWorkbook(t *testing.T) {
	path := firmWorkbook(t, t.TempDir(), false)
	res, layout := readWorkbook(t, path, Options{})
	if layout.Sheet != "Time" || layout.HeaderRow != 3 || layout.String() != "a workbook, sheet Time, header row 3" {
		t.Errorf("layout %+v", layout)
	}
	if len(res.bad) > 0 || res.end != nil {
		t.Fatalf("bad %v, end %v", res.bad, res.end)
	}
	want := []map[string]any{
		{"Entry": int64(1001), "Date": "2026-11-03", "Hours": 1.5, "Matter": int64(3001), "Description": "Besprechung Müller – Entwurf", "Billable": true},
		{"Entry": int64(1002), "Date": "2026-11-04", "Hours": int64(2), "Matter": int64(3002), "Description": "Call", "Billable": false},
	}
	var got []map[string]any
	var lines []int
	for _, rec := range res.recs {
		got = append(got, rec.Fields)
		lines = append(lines, rec.Line)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(lines, []int{4, 5}) {
		t.Fatalf("records %v lines %v,\nwant %v", got, lines, want)
	}
	if c := res.recs[1].Cell("Hours"); c != "Time!C5" {
		t.Errorf("cell of Hours in the second record: %q, want Time!C5", c)
	}
	if !reflect.DeepEqual(layout.Sheets, []string{"Time", "Expenses"}) {
		t.Errorf("sheets %v", layout.Sheets)
	}

	res, layout = readWorkbook(t, path, Options{Sheet: "expenses"})
	if layout.Sheet != "Expenses" || len(res.recs) != 1 || res.recs[0].Fields["Amount"] != 1200.5 {
		t.Fatalf("Expenses: %+v %v", layout, res.recs)
	}
	hidden := firmWorkbook(t, t.TempDir(), true)
	if _, layout := readWorkbook(t, hidden, Options{}); layout.Sheet != "Expenses" {
		t.Errorf("first visible sheet: %q", layout.Sheet)
	}
	// --header-row 1 takes the title as the header: one column, and the
	// cells right of it are refused by position.
	res, _ = readWorkbook(t, path, Options{HeaderRow: 1})
	if len(res.bad) == 0 || !strings.Contains(res.bad[0].Error(), "time.xlsx Time!B3: a value") {
		t.Errorf("header row 1: bad %v", res.bad)
	}
}

func TestWorkbookRefusals(t *testing.T) {
	dir := t.TempDir()
	path := firmWorkbook(t, dir, false)
	cases := []struct {
		name string
		file string
		o    Options
		want string
	}{
		{"no such sheet", path, Options{Sheet: "Billing"}, `has no sheet "Billing"; its sheets are Time, Expenses`},
		{"legacy xls", writeTemp(t, "old.xls", string(ole2)+strings.Repeat("\x00", 504)), Options{}, "legacy Excel workbook (.xls) or a password-protected one, which cliodest cannot read: open it in Excel and save it as .xlsx"},
		{"truncated", writeTemp(t, "cut.xlsx", "PK\x03\x04"+strings.Repeat("x", 100)), Options{}, "is not a workbook cliodest can read"},
		{"row past the end", path, Options{HeaderRow: 40}, "has no row 40 (--header-row)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(context.Background(), c.file, c.o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
		})
	}
}

// writeBigWorkbook writes bigworkbook's rows × 8 workbook to path.
func writeBigWorkbook(tb testing.TB, path string, rows int) {
	tb.Helper()
	if err := bigworkbook.Write(path, rows); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkWorkbookFirstSamples is the wizard's first look at a 50,000-row,
// 8-column workbook: open it and read the first 10 records.
func BenchmarkWorkbookFirstSamples(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	writeBigWorkbook(b, path, 50_000)
	for b.Loop() {
		recs, _, err := Head(context.Background(), path, Options{}, 10)
		if err != nil || len(recs) != 10 || recs[0].Fields["date"] != "2026-11-03" {
			b.Fatalf("%v %v", recs, err)
		}
	}
}

// A workbook that unpacks beyond the limits is refused before it is
// unpacked: a zip bomb of a sheet, or millions of distinct strings (here
// the limits are lowered to match a small workbook).
func TestWorkbookBeyondLimits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.xlsx")
	writeBigWorkbook(t, path, 20_000) // its sheet unpacks to megabytes
	strs := filepath.Join(dir, "strings.xlsx")
	f := excelize.NewFile()
	for i := range 3000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr("Sheet1", cell, fmt.Sprintf("distinct string %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(strs); err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer func(u, o int64) { maxUnzipped, maxOtherParts = u, o }(maxUnzipped, maxOtherParts)
	maxUnzipped, maxOtherParts = 1<<20, 32<<10
	for file, want := range map[string]string{
		path: "unpacks to 6 MiB, more than the 1 MiB cliodest reads from a workbook: export the records as CSV instead",
		strs: "its parts other than sheets unpack to 0 MiB (the largest, xl/sharedStrings.xml,",
	} {
		_, err := Open(context.Background(), file, Options{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", filepath.Base(file), err, want)
		}
	}
}
