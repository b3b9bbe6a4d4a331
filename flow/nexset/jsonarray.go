package nexset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// jsonArraySource streams the elements of one JSON array of objects. It finds
// each element's end with a small bracket-and-string scanner, then decodes the
// element alone, so memory holds one record, never the array; tracking lines
// itself lets errors name the line of a record deep in the file, which
// json.Decoder's offsets would not.
type jsonArraySource struct {
	br    *bufio.Reader
	name  string
	line  int // line of the next unread byte
	state arrayState
	buf   []byte
	key   string // the key attribute, whose literal each record keeps
	limit int    // the largest element let through; 0 → maxRecordBytes
	// path is the dot path of the records array inside a JSON envelope;
	// "" for a document that is the array itself.
	path string
}

type arrayState int

const (
	arrayStart arrayState = iota
	arrayFirst            // after '[': an element or ']'
	arrayAfter            // after an element: ',' or ']'
	arrayDone
)

func newJSONArray(br *bufio.Reader, name, key string) *jsonArraySource {
	return &jsonArraySource{br: br, name: name, line: 1, key: key}
}

func (s *jsonArraySource) split(b *batch) error {
	line, raw, err := s.next()
	var re *RecordError
	switch {
	case errors.As(err, &re):
		b.addBad(re)
	case err != nil:
		return err
	default:
		b.addBytes(line, raw)
	}
	return nil
}

func (s *jsonArraySource) decode(d *valueDecoder, b *batch, r rawRec) (Record, error) {
	return decodeJSON(d, b, r, s.key)
}

func (s *jsonArraySource) fatal(format string, args ...any) error {
	return fmt.Errorf("nexset %s line %d: %s", s.name, s.line, fmt.Sprintf(format, args...))
}

// peek skips white space, counting lines, and returns the next byte unread.
func (s *jsonArraySource) peek() (byte, error) { return peekJSON(s.br, &s.line) }

// peekJSON skips JSON white space in br, counting newlines in *line, and
// returns the next byte unread: the one step the array reader and the
// envelope walker share.
func peekJSON(br *bufio.Reader, line *int) (byte, error) {
	for {
		c, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case '\n':
			*line++
		case ' ', '\t', '\r':
		default:
			_ = br.UnreadByte()
			return c, nil
		}
	}
}

// next finds the next element: its first line and bytes (valid until the
// next call), or a *RecordError for an element too long, or io.EOF, or a
// fatal error for a broken array.
func (s *jsonArraySource) next() (int, []byte, error) {
	switch s.state {
	case arrayDone:
		return 0, nil, io.EOF
	case arrayStart:
		if s.path != "" {
			w := &jsonWalker{br: s.br, name: s.name, line: s.line}
			err := w.seek(s.path)
			s.line = w.line
			if err != nil {
				return 0, nil, err
			}
		}
		c, err := s.peek()
		if errors.Is(err, io.EOF) {
			s.state = arrayDone
			return 0, nil, io.EOF
		}
		if err != nil {
			return 0, nil, readErr(s.name, err)
		}
		if c != '[' {
			return 0, nil, s.fatal("not a JSON array of records (it starts with %s)", describe(c))
		}
		_, _ = s.br.ReadByte()
		s.state = arrayFirst
	}
	c, err := s.peek()
	if errors.Is(err, io.EOF) {
		return 0, nil, s.fatal("unexpected end of file: the JSON array is not closed with ']'")
	}
	if err != nil {
		return 0, nil, readErr(s.name, err)
	}
	if s.state == arrayAfter || c == ']' {
		_, _ = s.br.ReadByte()
		switch {
		case c == ']':
			return 0, nil, s.finish()
		case c != ',':
			return 0, nil, s.fatal("expected ',' or ']' after a record, got %s", describe(c))
		}
		if c, err = s.peek(); err != nil {
			if errors.Is(err, io.EOF) {
				return 0, nil, s.fatal("unexpected end of file: the JSON array is not closed with ']'")
			}
			return 0, nil, readErr(s.name, err)
		}
	}
	if kindOf(c) == "" && c != '{' {
		return 0, nil, s.fatal("expected a record, got %s", describe(c))
	}
	s.state = arrayAfter
	return s.element()
}

// finish checks that nothing but white space follows the array.
func (s *jsonArraySource) finish() error {
	if s.path != "" {
		s.state = arrayDone // the rest of the envelope is not records
		return io.EOF
	}
	c, err := s.peek()
	if errors.Is(err, io.EOF) {
		s.state = arrayDone
		return io.EOF
	}
	if err != nil {
		return readErr(s.name, err)
	}
	return s.fatal("unexpected %s after the end of the JSON array", describe(c))
}

// element reads one array element, starting at a byte that can begin a value.
func (s *jsonArraySource) element() (int, []byte, error) {
	if cap(s.buf) > 4<<20 {
		s.buf = nil // give a huge record's memory back
	}
	start := s.line
	s.buf = s.buf[:0]
	var (
		depth    int
		inString bool
		escaped  bool
		first    = true
		scalar   bool // a bare number or literal: ends at a delimiter
		tooLong  bool
		size     int
	)
	for {
		chunk, _ := s.br.Peek(s.br.Buffered())
		if len(chunk) == 0 {
			if _, err := s.br.Peek(1); err != nil {
				if errors.Is(err, io.EOF) {
					return 0, nil, fmt.Errorf("nexset %s line %d: unexpected end of file inside the record that starts on line %d", s.name, s.line, start)
				}
				return 0, nil, readErr(s.name, err)
			}
			continue
		}
		i, done := 0, false
	scan:
		for ; i < len(chunk); i++ {
			c := chunk[i]
			if scalar && !inString {
				switch c {
				case ',', ']', '}', ' ', '\t', '\r', '\n':
					done = true
					break scan
				}
				continue
			}
			if c == '\n' {
				s.line++
			}
			switch {
			case inString:
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					if depth == 0 { // a bare string element
						i++
						done = true
						break scan
					}
				}
			case first:
				switch c {
				case '{', '[':
					depth = 1
				case '"':
					inString = true
				default:
					scalar = true
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					i++
					done = true
					break scan
				}
			}
			first = false
		}
		size += i
		if size > s.max() {
			tooLong, s.buf = true, nil
		}
		if !tooLong {
			s.buf = append(s.buf, chunk[:i]...)
		}
		_, _ = s.br.Discard(i)
		if done {
			break
		}
	}
	if tooLong {
		return 0, nil, &RecordError{Line: start, Reason: tooLargeReason(s.max())}
	}
	return start, s.buf, nil
}

func (s *jsonArraySource) max() int { return limitOr(s.limit) }
