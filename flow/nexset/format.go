package nexset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is the layout of a Nexset file.
type Format string

// The formats a Nexset may have; "" asks for detection.
const (
	JSONL Format = "jsonl" // one JSON object per line
	JSON  Format = "json"  // one JSON array of objects
	CSV   Format = "csv"   // a header row, then one record per row
)

// ParseFormat checks a format name given by a user or a destination file.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "", JSONL, JSON, CSV, XLSX:
		return f, nil
	case "ndjson":
		return JSONL, nil
	}
	return "", fmt.Errorf("unknown Nexset format %q (want jsonl, json, csv or xlsx)", s)
}

// FileExts are the file endings a picker offers as Nexsets: those that say
// what the file holds (a .txt may hold anything: it is typed, not offered;
// a legacy .xls is refused when read).
var FileExts = []string{".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xlsx", ".xlsm"}

// FormatByName is the format a file's name says ("" when it says none):
// what reading detects before looking inside.
func FormatByName(name string) Format { return formatByExt(name) }

// formatByExt guesses from the file name; "" when the extension says nothing.
func formatByExt(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return JSONL
	case ".json":
		return JSON
	case ".csv":
		return CSV
	case ".xlsx", ".xlsm", ".xls":
		return XLSX
	}
	return ""
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM drops a UTF-8 byte order mark, as spreadsheet exports often begin
// with one. It asks for no more bytes than it needs, so that a followed file
// or a pipe holding a few bytes does not block it.
func skipBOM(br *bufio.Reader) error {
	b, err := br.Peek(1)
	if err != nil {
		return ignoreEOF(err)
	}
	if b[0] != bom[0] {
		return nil
	}
	b, err = br.Peek(3)
	if bytes.Equal(b, bom) {
		_, _ = br.Discard(3)
		return nil
	}
	return ignoreEOF(err)
}

func ignoreEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

// sniff looks at the first non-space byte: '[' is a JSON array, '{' JSON
// Lines, anything else CSV. An empty stream is JSON Lines (with no records).
// Like skipBOM it never waits for more bytes than it has to.
func sniff(br *bufio.Reader) (Format, error) {
	n := 1
	for {
		if b := br.Buffered(); b > n {
			n = b
		}
		b, err := br.Peek(n)
		if i := bytes.IndexFunc(b, func(r rune) bool { return !isSpaceRune(r) }); i >= 0 {
			switch b[i] {
			case '[':
				return JSON, nil
			case '{':
				return JSONL, nil
			}
			return CSV, nil
		}
		switch {
		case errors.Is(err, io.EOF):
			return JSONL, nil
		case err != nil && !errors.Is(err, bufio.ErrBufferFull):
			return "", err
		case len(b) >= br.Size():
			return CSV, nil // a buffer full of blanks: let the CSV reader complain
		}
		n = len(b) + 1
	}
}

func isSpaceRune(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }

// choose settles the format: the explicit one, else the extension, else the
// content. A ".json" file that starts with '{' holds JSON Lines.
func choose(want Format, name string, br *bufio.Reader) (Format, error) {
	if want != "" {
		return ParseFormat(string(want))
	}
	byExt := formatByExt(name)
	if byExt == JSONL || byExt == CSV {
		return byExt, nil
	}
	byContent, err := sniff(br)
	if err != nil {
		return "", err
	}
	if byExt == JSON && byContent == CSV {
		return JSON, nil // let the JSON reader say what is wrong
	}
	return byContent, nil
}
