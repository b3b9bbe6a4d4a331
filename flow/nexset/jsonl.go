package nexset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// jsonlSource reads JSON Lines: one object per line, blank lines ignored.
type jsonlSource struct {
	lines lineReader
	dec   valueDecoder
	name  string
}

func newJSONL(br *bufio.Reader, name string) *jsonlSource {
	return &jsonlSource{lines: lineReader{br: br}, name: name}
}

func (s *jsonlSource) next() (Record, error) {
	for {
		b, err := s.lines.next()
		if errors.Is(err, errTooLong) {
			return Record{}, &RecordError{Line: s.lines.line, Reason: tooLongReason()}
		}
		if err != nil {
			return Record{}, readErr(s.name, err)
		}
		if s.lines.line == 1 {
			// A followed file that was empty when opened may get its mark later.
			b = bytes.TrimPrefix(b, bom)
		}
		if isBlank(b) {
			continue
		}
		m, err := s.dec.decodeObject(b)
		if err != nil {
			line, reason := locate(err, b, s.lines.line)
			return Record{}, &RecordError{Line: line, Reason: reason}
		}
		return Record{Line: s.lines.line, Fields: m}, nil
	}
}

// readErr passes io.EOF and context errors through and names the Nexset in
// any other read error.
func readErr(name string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, ErrChanged) || isCtxErr(err) {
		return err
	}
	return fmt.Errorf("read nexset %s: %w", name, err)
}
