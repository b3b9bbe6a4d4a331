package nexset

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSX is an Excel workbook (.xlsx, .xlsm): one sheet of it, a header row,
// then one record per row.
const XLSX Format = "xlsx"

// Workbook limits: a workbook is a zip of XML files, and a hostile one must
// not take the machine down. Beyond maxUnzipped in all the workbook is
// refused before anything is unpacked; a sheet's XML larger than
// maxSheetInMemory is unpacked to a temporary file and streamed from there;
// the other parts (shared strings, styles) are held in memory, so beyond
// maxOtherParts together they are refused too. Variables so tests can lower them.
var (
	maxUnzipped   int64 = 512 << 20
	maxOtherParts int64 = 64 << 20
)

const (
	maxSheetInMemory = 8 << 20
	headerScanRows   = 30 // rows looked at for the header row
)

// ole2 begins a legacy .xls workbook and a password-protected .xlsx alike.
var ole2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// xlsxSource reads the rows of one sheet through two streaming iterators in
// step: one gives each cell's value as written (numbers unformatted), the
// other as Excel shows it, which tells a date cell from a number.
type xlsxSource struct {
	name, sheet string
	book        *excelize.File
	raw, shown  *excelize.Rows
	header      []string
	row         int // the sheet's row last read (1-based)
	pending     [][2][]string
	date1904    bool
	headerRow   int      // the sheet's row that names the columns
	sheets      []string // the workbook's sheets, for pickers
	where       *Sheet   // shared by the records: positions in messages
}

// openXLSX opens a workbook's sheet (o.Sheet, else the first visible one)
// and finds its header row (o.HeaderRow, else the first that looks like one).
func openXLSX(in io.Reader, name string, o Options) (*xlsxSource, error) {
	data, err := io.ReadAll(io.LimitReader(in, maxUnzipped+1))
	if err != nil {
		return nil, readErr(name, err)
	}
	if bytes.HasPrefix(data, ole2) {
		return nil, fmt.Errorf("nexset %s is a legacy Excel workbook (.xls) or a password-protected one, which cliodest cannot read: open it in Excel and save it as .xlsx (Excel Workbook) without a password", name)
	}
	if int64(len(data)) > maxUnzipped {
		return nil, fmt.Errorf("nexset %s: the workbook is larger than %d MiB", name, maxUnzipped>>20)
	}
	if err := checkParts(data, name); err != nil {
		return nil, err
	}
	book, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: min(maxSheetInMemory, maxUnzipped)})
	if err != nil {
		return nil, fmt.Errorf("nexset %s is not a workbook cliodest can read (%v): save it again as .xlsx", name, err)
	}
	s := &xlsxSource{name: name, book: book, sheets: book.GetSheetList()}
	if props, err := book.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	if s.sheet, err = chooseSheet(book, name, o.Sheet); err != nil {
		book.Close()
		return nil, err
	}
	if s.raw, err = book.Rows(s.sheet); err == nil {
		s.shown, err = book.Rows(s.sheet)
	}
	if err != nil {
		s.close()
		return nil, fmt.Errorf("nexset %s sheet %s: %v", name, s.sheet, err)
	}
	if err := s.findHeader(o.HeaderRow); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// checkParts refuses, from the sizes its zip declares (which the zip reader
// holds each part to), a workbook that would unpack to more than the limits.
func checkParts(data []byte, name string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("nexset %s is not a workbook cliodest can read (%v: truncated or damaged?): save it again as .xlsx", name, err)
	}
	var total, other, largest uint64
	largestName := ""
	for _, f := range zr.File {
		size := f.UncompressedSize64
		total += size
		if strings.HasPrefix(strings.ToLower(f.Name), "xl/worksheets/") {
			continue
		}
		other += size
		if size > largest {
			largest, largestName = size, f.Name
		}
	}
	switch {
	case total > uint64(maxUnzipped):
		return fmt.Errorf("nexset %s unpacks to %d MiB, more than the %d MiB cliodest reads from a workbook: export the records as CSV instead", name, total>>20, maxUnzipped>>20)
	case other > uint64(maxOtherParts):
		return fmt.Errorf("nexset %s: its parts other than sheets unpack to %d MiB (the largest, %s, to %d MiB), more than the %d MiB cliodest holds in memory (millions of distinct strings, or a damaged workbook): export the records as CSV instead",
			name, other>>20, largestName, largest>>20, maxOtherParts>>20)
	}
	return nil
}

// chooseSheet returns the sheet asked for, else the first visible one.
func chooseSheet(book *excelize.File, name, want string) (string, error) {
	sheets := book.GetSheetList()
	if want != "" {
		for _, sh := range sheets {
			if strings.EqualFold(sh, want) {
				return sh, nil
			}
		}
		return "", fmt.Errorf("nexset %s has no sheet %q; its sheets are %s", name, want, strings.Join(sheets, ", "))
	}
	for _, sh := range sheets {
		if visible, err := book.GetSheetVisible(sh); err == nil && visible {
			return sh, nil
		}
	}
	return "", fmt.Errorf("nexset %s has no visible sheet: name one with --sheet (nexset.sheet)", name)
}

// readRow reads the next row of both iterators; ok is false at the end.
func (s *xlsxSource) readRow() (raw, shown []string, ok bool, err error) {
	if len(s.pending) > 0 {
		p := s.pending[0]
		s.pending = s.pending[1:]
		s.row++
		return p[0], p[1], true, nil
	}
	if !s.raw.Next() || !s.shown.Next() {
		if err := s.raw.Error(); err != nil {
			return nil, nil, false, fmt.Errorf("nexset %s sheet %s: %v", s.name, s.sheet, err)
		}
		return nil, nil, false, nil
	}
	s.row++
	if raw, err = s.raw.Columns(excelize.Options{RawCellValue: true}); err == nil {
		shown, err = s.shown.Columns()
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("nexset %s %s!row %d: %v", s.name, s.sheet, s.row, err)
	}
	return raw, shown, true, nil
}

// findHeader takes row n as the header, or the first row within the first
// rows that has text in every column the rows below it use: a title above
// the table is skipped.
func (s *xlsxSource) findHeader(n int) error {
	var rows [][2][]string
	for len(rows) < max(headerScanRows, n) {
		raw, shown, ok, err := s.readRow()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		rows = append(rows, [2][]string{trimRow(raw), trimRow(shown)})
	}
	at := -1
	if n > 0 {
		if n > len(rows) {
			return fmt.Errorf("nexset %s sheet %s has no row %d (--header-row)", s.name, s.sheet, n)
		}
		at = n - 1
	} else {
		for i := range rows {
			if looksLikeHeader(rows[i][0], rows[i+1:]) {
				at = i
				break
			}
		}
	}
	if at < 0 {
		if len(rows) == 0 {
			return nil // an empty sheet: no records
		}
		return fmt.Errorf("nexset %s sheet %s: no row in the first %d looks like a header (text in every column the rows below use): give it with --header-row N", s.name, s.sheet, len(rows))
	}
	hdr := rows[at][1]
	s.header = make([]string, len(hdr))
	seen := map[string]string{}
	for i, h := range hdr {
		h = strings.TrimSpace(h)
		cell := cellName(i, at+1)
		if h == "" {
			return fmt.Errorf("nexset %s %s!%s: the header row %d has an empty column name: name it, or give the header row with --header-row N", s.name, s.sheet, cell, at+1)
		}
		if prev, ok := seen[h]; ok {
			return fmt.Errorf("nexset %s %s!%s: duplicate column name %q (also %s)", s.name, s.sheet, cell, h, prev)
		}
		seen[h] = cell
		s.header[i] = h
	}
	s.pending = rows[at+1:]
	s.row, s.headerRow = at+1, at+1
	s.where = &Sheet{Name: s.sheet, Columns: s.header}
	return nil
}

// looksLikeHeader: every cell text, and as wide as the widest row below.
func looksLikeHeader(row []string, below [][2][]string) bool {
	if len(row) == 0 {
		return false
	}
	for _, c := range row {
		if strings.TrimSpace(c) == "" {
			return false
		}
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			return false
		}
	}
	width := 0
	for _, r := range below[:min(len(below), 5)] {
		width = max(width, len(r[0]))
	}
	return len(row) >= width
}

func trimRow(r []string) []string {
	for len(r) > 0 && strings.TrimSpace(r[len(r)-1]) == "" {
		r = r[:len(r)-1]
	}
	return r
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col+1, row)
	return c
}

func (s *xlsxSource) next() (Record, error) {
	if s.header == nil {
		return Record{}, io.EOF
	}
	for {
		raw, shown, ok, err := s.readRow()
		if err != nil {
			return Record{}, err
		}
		if !ok {
			return Record{}, io.EOF
		}
		raw, shown = trimRow(raw), trimRow(shown)
		if len(raw) == 0 {
			continue // an empty row holds no record
		}
		return s.record(raw, shown)
	}
}

// record builds a record from a row's cells, typed as the workbook types them.
func (s *xlsxSource) record(raw, shown []string) (Record, error) {
	if len(raw) > len(s.header) {
		cell := cellName(len(s.header), s.row)
		return Record{}, &RecordError{Line: s.row, Cell: s.sheet + "!" + cell,
			Reason: fmt.Sprintf("a value (%q) right of the last named column: name its column in the header row", raw[len(s.header)])}
	}
	fields := make(map[string]any, len(raw))
	for i, r := range raw {
		if r == "" {
			continue
		}
		sh := r
		if i < len(shown) {
			sh = shown[i]
		}
		v, err := s.cellValue(r, sh)
		if err != nil {
			return Record{}, &RecordError{Line: s.row, Cell: fmt.Sprintf("%s!%s (%s)", s.sheet, cellName(i, s.row), s.header[i]), Reason: err.Error()}
		}
		fields[s.header[i]] = v
	}
	return Record{Line: s.row, Fields: fields, Sheet: s.where}, nil
}

// dateShown tells a number Excel shows as a date or time (11/3/26,
// 3-Nov-26, 2026-11-03, 17:30) from one it shows as a number.
var dateShown = regexp.MustCompile(`[/:]|\d-\d|\d-[A-Za-z]|[A-Za-z]-\d|(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b`)

// cellValue types a cell: a number shown as a date becomes the date (ISO
// 8601), a number stays a number, TRUE/FALSE a boolean, the rest text.
func (s *xlsxSource) cellValue(raw, shown string) (any, error) {
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return raw, nil
	}
	switch {
	case (raw == "1" || raw == "0") && (shown == "TRUE" || shown == "FALSE"):
		return shown == "TRUE", nil
	case shown != raw && dateShown.MatchString(shown):
		t, err := excelize.ExcelDateToTime(f, s.date1904)
		if err != nil {
			return nil, fmt.Errorf("%s is not a date Excel can hold", shown)
		}
		switch {
		case f < 1:
			return t.Format("15:04:05"), nil
		case f == math.Trunc(f):
			return t.Format("2006-01-02"), nil
		}
		return t.Format("2006-01-02T15:04:05"), nil
	case f == math.Trunc(f) && math.Abs(f) < 1<<53:
		return int64(f), nil
	}
	return f, nil
}

func (s *xlsxSource) close() {
	if s.raw != nil {
		s.raw.Close()
	}
	if s.shown != nil {
		s.shown.Close()
	}
	s.book.Close()
}
