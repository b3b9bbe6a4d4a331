package nexset

import (
	"errors"
	"fmt"
)

// Record is one record of a Nexset.
type Record struct {
	Pos    int            // 1-based record number, counting bad records too
	Line   int            // 1-based line where the record starts
	Fields map[string]any // JSON-decoded: map[string]any, []any, int64, float64, string, bool, nil
	// KeyText is the key attribute (Options.Key) as the Nexset writes it,
	// when it is a JSON number (its literal: 6.0, 12345678901234567890) or a
	// CSV cell (1e3, TRUE); "" otherwise. Keys compare as this exact text,
	// never through the decoded value (a float64 would merge distinct keys).
	KeyText string
	// Sheet is the workbook sheet the record is a row of (Line is its row),
	// shared by all its records; nil for text Nexsets.
	Sheet *Sheet
}

// Sheet is where a workbook's records are: the sheet and its columns, in
// order, so a message can name a cell.
type Sheet struct {
	Name    string
	Columns []string
}

// Cell names the workbook cell that holds attr in r, Time!C12 ("" when r is
// no workbook row or attr no column of it).
func (r Record) Cell(attr string) string {
	if r.Sheet == nil {
		return ""
	}
	for i, c := range r.Sheet.Columns {
		if c == attr {
			return r.Sheet.Name + "!" + cellName(i, r.Line)
		}
	}
	return ""
}

// RecordError reports one bad record. Reading may continue with Next.
type RecordError struct {
	File   string
	Line   int
	Pos    int
	Reason string
	// Cell is a workbook position, Time!C12 (Hours): messages name it
	// rather than the line.
	Cell string
}

func (e *RecordError) Error() string {
	if e.Cell != "" {
		return fmt.Sprintf("%s %s: %s", e.File, e.Cell, e.Reason)
	}
	return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Reason)
}

// ErrNoRecords is wrapped by Head and Count when a Nexset holds no record.
var ErrNoRecords = errors.New("no records")

// ErrChanged is wrapped when a followed Nexset shrinks or is replaced while it
// is being read: what was already read may no longer be what the file says.
var ErrChanged = errors.New("changed under a running activation")

// MaxRecordBytes bounds one record's size so that a file without line breaks
// cannot exhaust memory; a larger record is a *RecordError.
const MaxRecordBytes = 64 << 20

// maxRecordBytes is MaxRecordBytes, lowered by tests.
var maxRecordBytes = MaxRecordBytes

// MaxDepth bounds the nesting of objects and arrays within a record.
const MaxDepth = 64

func noRecords(name string) error {
	return fmt.Errorf("%w in %s", ErrNoRecords, name)
}

func changed(name string) error {
	return fmt.Errorf("nexset %s %w", name, ErrChanged)
}
