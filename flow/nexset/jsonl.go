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
	name  string
	key   string // the key attribute, whose literal each record keeps
}

func newJSONL(br *bufio.Reader, name, key string) *jsonlSource {
	return &jsonlSource{lines: lineReader{br: br}, name: name, key: key}
}

func (s *jsonlSource) split(b *batch) error {
	for {
		line, err := s.lines.next()
		if errors.Is(err, errTooLong) {
			b.addBad(&RecordError{Line: s.lines.line, Reason: tooLargeReason(s.lines.max())})
			return nil
		}
		if err != nil {
			return readErr(s.name, err)
		}
		if s.lines.line == 1 {
			// A followed file that was empty when opened may get its mark later.
			line = bytes.TrimPrefix(line, bom)
		}
		if !isBlank(line) {
			b.addBytes(s.lines.line, line)
			return nil
		}
	}
}

func (s *jsonlSource) decode(d *valueDecoder, b *batch, r rawRec) (Record, error) {
	return decodeJSON(d, b, r, s.key)
}

// readErr passes io.EOF and context errors through and names the Nexset in
// any other read error.
func readErr(name string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, ErrChanged) || isCtxErr(err) {
		return err
	}
	return fmt.Errorf("read nexset %s: %w", name, err)
}
