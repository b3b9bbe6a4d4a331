// Package bigworkbook writes the large workbook that the workbook
// benchmarks read and that the README's memory recipe measures: rows of
// time entries, 8 columns (a date cell, numbers, text, a boolean), streamed
// so that writing it takes little memory.
package bigworkbook

import (
	"time"

	"github.com/xuri/excelize/v2"
)

// Header is the workbook's first row.
var Header = []any{"id", "date", "hours", "matter_id", "user_id", "note", "rate", "billable"}

// Write writes a workbook of rows records under Header to path, on Sheet1.
// Record i (from 0) is dated 2026-11-03 plus i mod 28 days.
func Write(path string, rows int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", Header); err != nil {
		return err
	}
	day := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{i + 1, excelize.Cell{StyleID: dateStyle, Value: day.AddDate(0, 0, i%28)}, 1.5, 3001 + i%3, 1001, "Drafted the reply about discovery item", 250.5, i%2 == 0}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
