package nexset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// csvSource reads CSV with a header row. Cells become numbers and booleans
// when they read as such (unless keep), empty cells are left out (CSV cannot
// tell empty from absent), and dotted headers such as "matter.id" build
// nested objects.
type csvSource struct {
	cr     *csv.Reader
	name   string
	header []string
	paths  [][]string // per column: the dotted path split, or nil for a plain name
	keep   bool
	// literal takes every header as one name (no nesting); notes say which
	// headers were taken literally because they cannot be a path.
	literal bool
	notes   []string
	empty   bool // no header: no records
	// headerLine is the file's line that names the columns.
	headerLine int
	top        int // distinct top-level names, to size each record's map
	keyCol     int // the key attribute's column, kept as written in KeyText; -1 for none
	// decimalComma keeps cells with a point or exponent as text: under a
	// decimal comma 1.250 is a thousand and more, for a conversion to read.
	decimalComma bool
}

func newCSV(br *bufio.Reader, name string, delim rune, keep bool, key string, literal bool) (*csvSource, error) {
	cr := csv.NewReader(&lineCap{r: br, name: name})
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // ragged rows are reported per row, not fatal
	cr.ReuseRecord = true
	s := &csvSource{cr: cr, name: name, keep: keep, literal: literal, keyCol: -1}
	hdr, err := cr.Read()
	if errors.Is(err, io.EOF) {
		s.empty = true
		return s, nil
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &RecordError{File: name, Line: pe.Line, Reason: "header row: " + pe.Err.Error()}
		}
		return nil, readErr(name, err)
	}
	line, _ := cr.FieldPos(0)
	s.headerLine = line
	if err := s.setHeader(hdr); err != nil {
		return nil, &RecordError{File: name, Line: line, Reason: err.Error()}
	}
	for i, h := range s.header {
		if key != "" && h == key {
			s.keyCol = i
		}
	}
	return s, nil
}

// setHeader checks the column names: none empty, none twice, and no name
// that is both a value and an object ("matter" beside "matter.id").
func (s *csvSource) setHeader(hdr []string) error {
	if first := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(hdr[0], "\uFEFF"))); strings.HasPrefix(first, "sep=") {
		// The line Excel reads for the delimiter, written above the header by some exports.
		return fmt.Errorf("header row: this is Excel's %q line, not the header: remove it, or name the header's line in nexset.header_row (--header-row)", strings.Join(hdr, string(s.cr.Comma)))
	}
	s.header = make([]string, len(hdr))
	s.paths = make([][]string, len(hdr))
	var empty []string
	seen := make(map[string]int, len(hdr))
	var problems []string
	for i, h := range hdr {
		if i == 0 {
			h = strings.TrimPrefix(h, "\uFEFF") // a mark written after a followed file was opened
		}
		h = strings.TrimSpace(h)
		s.header[i] = h
		col := i + 1
		switch {
		case !utf8.ValidString(h):
			problems = append(problems, notUTF8(fmt.Sprintf("the name of column %d", col), h))
			continue
		case h == "":
			empty = append(empty, fmt.Sprint(col))
			continue
		}
		if prev, ok := seen[h]; ok {
			problems = append(problems, fmt.Sprintf("duplicate column name %q (columns %d and %d)", h, prev, col))
			continue
		}
		seen[h] = col
		if strings.Contains(h, ".") && !s.literal {
			segs := strings.Split(h, ".")
			if slices.Contains(segs, "") {
				// "Hrs.", "No.": an abbreviation, not a path; nothing nests.
				s.notes = append(s.notes, fmt.Sprintf("%s: column %d %q is taken as one name: a dot in a header nests (matter.id), but %q has an empty part", s.name, col, h, h))
				continue
			}
			s.paths[i] = segs
		}
	}
	if len(empty) > 0 {
		problems = append([]string{"empty column name (column " + strings.Join(empty, ", ") + ")"}, problems...)
	}
	// "matter" as a value and as the parent of "matter.id" cannot both hold.
	for i, h := range s.header {
		if s.paths[i] == nil {
			continue // a plain or literal name is the object of nothing
		}
		for p := strings.LastIndexByte(h, '.'); p > 0; p = strings.LastIndexByte(h[:p], '.') {
			if col, ok := seen[h[:p]]; ok {
				problems = append(problems, fmt.Sprintf("column %q (column %d) is also the object of column %q (column %d)", h[:p], col, h, seen[h]))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("header row: " + strings.Join(problems, "; "))
	}
	tops := make(map[string]bool, len(s.header))
	for i, h := range s.header {
		if s.paths[i] != nil {
			h = s.paths[i][0]
		}
		tops[h] = true
	}
	s.top = len(tops)
	return nil
}

func (s *csvSource) split(b *batch) error {
	if s.empty {
		return io.EOF
	}
	row, err := s.cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			reason := pe.Err.Error()
			if pe.Column > 0 {
				reason = fmt.Sprintf("%s at column %d", reason, pe.Column)
			}
			b.addBad(&RecordError{Line: pe.Line, Reason: reason})
			return nil
		}
		return readErr(s.name, err)
	}
	line, _ := s.cr.FieldPos(0)
	b.addCells(line, row)
	return nil
}

// decode builds a record from a row's cells; it reads only what setHeader
// fixed, so several goroutines may run it at once.
func (s *csvSource) decode(_ *valueDecoder, b *batch, r rawRec) (Record, error) {
	row := b.cells[r.start:r.end]
	if len(row) != len(s.header) {
		reason := fmt.Sprintf("%d fields, but the header has %d", len(row), len(s.header))
		if len(s.header) == 1 {
			reason += fmt.Sprintf(" (%q): if line %d is a title above the header, remove it, or name the header's line in nexset.header_row (--header-row)", s.header[0], s.headerLine)
		}
		return Record{}, &RecordError{Line: r.line, Reason: reason}
	}
	fields := make(map[string]any, s.top)
	for i, cell := range row {
		if !utf8.ValidString(cell) {
			return Record{}, &RecordError{Line: r.line, Reason: notUTF8(fmt.Sprintf("column %q", s.header[i]), cell)}
		}
		v, ok := s.cell(cell)
		if !ok {
			continue
		}
		if s.paths[i] == nil {
			fields[s.header[i]] = v
		} else {
			setPath(fields, s.paths[i], v)
		}
	}
	rec := Record{Line: r.line, Fields: fields}
	if s.keyCol >= 0 {
		rec.KeyText = row[s.keyCol] // "1e3" and "1000", "TRUE" and "true" stay distinct keys
	}
	return rec, nil
}

func (s *csvSource) cell(c string) (any, bool) {
	if s.keep {
		return c, true
	}
	v, ok := inferCell(c)
	if _, isFloat := v.(float64); isFloat && s.decimalComma {
		return c, true
	}
	return v, ok
}

// inferCell types a CSV cell: JSON-style numbers (so "007" stays a code),
// true/false in any common capitalisation, and strings. Dates stay strings;
// the schema calls them "date". ok is false for an empty cell.
func inferCell(c string) (v any, ok bool) {
	if c == "" {
		return nil, false
	}
	switch x := c[0]; {
	case x == '-' || (x >= '0' && x <= '9'):
		if end, integer, err := scanNumber(c, 0); err == nil && end == len(c) {
			if v, ok := numberValue(c, integer); ok {
				return v, true
			}
		}
	case x == 't' || x == 'T' || x == 'f' || x == 'F':
		switch c {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		}
	}
	return c, true
}

// lineCap stops a CSV line without line breaks from growing without bound:
// encoding/csv would buffer it whole.
type lineCap struct {
	r    io.Reader
	name string
	run  int // bytes since the last '\n'
}

func (l *lineCap) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > maxRecordBytes {
		return 0, fmt.Errorf("a line is longer than %d MiB", maxRecordBytes>>20)
	}
	return n, err
}
