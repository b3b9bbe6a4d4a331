package nexset

import "fmt"

// Layout is what reading settled about a Nexset, detected or as asked.
type Layout struct {
	Format    Format
	Delimiter rune     // delimited text only
	Encoding  Encoding // "" for UTF-8
	// RecordsPath is where a JSON envelope's records are (data).
	RecordsPath string
	// Sheet and HeaderRow say where a workbook's table is; HeaderRow is
	// also a delimited text's header line when one was given (0: the first).
	Sheet     string
	HeaderRow int
	// Sheets lists all the workbook's sheets, for a picker.
	Sheets []string
}

// Plain reports whether the layout is the one every reader assumes: JSON, or
// comma separated text with its header first, in UTF-8. Anything else is
// worth saying.
func (l Layout) Plain() bool {
	return l.Encoding == "" && l.RecordsPath == "" && l.Format != XLSX && (l.Format != CSV || l.Delimiter == ',' && l.HeaderRow <= 1)
}

// String says it as a user reads it: "delimited text, semicolon separated, windows-1252".
func (l Layout) String() string {
	var s string
	switch l.Format {
	case CSV:
		s = fmt.Sprintf("delimited text, %s separated", DelimiterName(l.Delimiter))
	case JSON:
		s = "a JSON array"
		if l.RecordsPath != "" {
			s = "a JSON document, records at " + l.RecordsPath
		}
	case JSONL:
		s = "JSON Lines"
	case XLSX:
		return fmt.Sprintf("a workbook, sheet %s, header row %d", l.Sheet, l.HeaderRow)
	default:
		s = string(l.Format)
	}
	enc := l.Encoding
	if enc == "" {
		enc = UTF8
	}
	s += ", " + string(enc)
	if l.Format == CSV && l.HeaderRow > 1 {
		s += fmt.Sprintf(", header line %d", l.HeaderRow)
	}
	return s
}
