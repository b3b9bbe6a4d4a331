package nexset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// A JSON envelope is one JSON object whose records sit in an array inside it
// ({"meta": {…}, "data": [{…}, …]}), as most systems' APIs and exports write
// them. The records array is named by a dot path (data, response.items).

// jsonWalker moves through a JSON document byte by byte, counting lines and
// holding nothing but the key being read, so that finding the records of a
// document of any size takes no memory.
type jsonWalker struct {
	br   *bufio.Reader
	name string
	line int
}

// maxKeyBytes bounds an object key the walker reads; longer keys are
// compared by their start only, and no records path is that long.
const maxKeyBytes = 1024

func (w *jsonWalker) fail(format string, args ...any) error {
	return fmt.Errorf("nexset %s line %d: %s", w.name, w.line, fmt.Sprintf(format, args...))
}

// peek skips white space and returns the next byte unread.
func (w *jsonWalker) peek() (byte, error) { return peekJSON(w.br, &w.line) }

// expect reads the next byte that is not white space and checks it is c.
func (w *jsonWalker) expect(c byte) error {
	got, err := w.peek()
	if err != nil {
		return w.eof(err)
	}
	if got != c {
		return w.fail("expected %s, got %s", describe(c), describe(got))
	}
	_, _ = w.br.ReadByte()
	return nil
}

func (w *jsonWalker) eof(err error) error {
	if errors.Is(err, io.EOF) {
		return w.fail("unexpected end of file inside the JSON document")
	}
	return readErr(w.name, err)
}

// key reads an object key, its opening quote next.
func (w *jsonWalker) key() (string, error) {
	if err := w.expect('"'); err != nil {
		return "", err
	}
	var sb strings.Builder
	escaped := false
	for {
		c, err := w.br.ReadByte()
		if err != nil {
			return "", w.eof(err)
		}
		switch {
		case escaped:
			escaped = false
		case c == '\\':
			escaped = true
			continue
		case c == '"':
			return sb.String(), nil
		case c == '\n':
			w.line++
		}
		if sb.Len() < maxKeyBytes {
			sb.WriteByte(c)
		}
	}
}

// skip reads past one value of any kind.
func (w *jsonWalker) skip() error {
	if _, err := w.peek(); err != nil {
		return w.eof(err)
	}
	return w.scan(0)
}

// scan reads to the end of the value being read, depth containers deep.
func (w *jsonWalker) scan(depth int) error {
	inString, escaped := false, false
	for {
		c, err := w.br.ReadByte()
		if err != nil {
			return w.eof(err)
		}
		if c == '\n' {
			w.line++
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
				if depth == 0 {
					return nil
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case depth == 0 && (c == '}' || c == ']' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			_ = w.br.UnreadByte() // the end of a bare number or literal
			if c == '\n' {
				w.line--
			}
			return nil
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return nil
			}
		}
	}
}

// members walks the object whose '{' is next, calling visit with each
// member's path before its value; visit consumes the value (or skip does
// when visit returns false). It stops early when visit says done.
func (w *jsonWalker) members(prefix string, visit func(path string) (handled, done bool, err error)) (bool, error) {
	if err := w.expect('{'); err != nil {
		return false, err
	}
	c, err := w.peek()
	if err != nil {
		return false, w.eof(err)
	}
	if c == '}' {
		_, _ = w.br.ReadByte()
		return false, nil
	}
	for {
		k, err := w.key()
		if err != nil {
			return false, err
		}
		if err := w.expect(':'); err != nil {
			return false, err
		}
		handled, done, err := visit(prefix + k)
		if err != nil || done {
			return done, err
		}
		if !handled {
			if err := w.skip(); err != nil {
				return false, err
			}
		}
		c, err := w.peek()
		if err != nil {
			return false, w.eof(err)
		}
		_, _ = w.br.ReadByte()
		switch c {
		case '}':
			return false, nil
		case ',':
		default:
			return false, w.fail("expected ',' or '}' in an object, got %s", describe(c))
		}
	}
}

// recordArrays lists the paths of the arrays of objects inside the object
// whose '{' is next, nested objects included, and reads past it.
func (w *jsonWalker) recordArrays(prefix string) ([]string, error) {
	var found []string
	_, err := w.members(prefix, func(path string) (bool, bool, error) {
		c, err := w.peek()
		if err != nil {
			return false, false, w.eof(err)
		}
		switch c {
		case '{':
			inner, err := w.recordArrays(path + ".")
			found = append(found, inner...)
			return true, false, err
		case '[':
			_, _ = w.br.ReadByte()
			first, err := w.peek()
			if err != nil {
				return false, false, w.eof(err)
			}
			if first == '{' {
				found = append(found, path)
			}
			return true, false, w.scan(1)
		}
		return false, false, nil
	})
	return found, err
}

// seek reads up to the array at path, leaving its '[' next.
func (w *jsonWalker) seek(path string) error {
	segs := strings.Split(path, ".")
	found := false
	var walk func(depth int) error
	walk = func(depth int) error {
		_, err := w.members("", func(k string) (bool, bool, error) {
			if k != segs[depth] {
				return false, false, nil
			}
			c, err := w.peek()
			if err != nil {
				return false, false, w.eof(err)
			}
			switch {
			case depth == len(segs)-1 && c == '[':
				found = true
				return true, true, nil
			case depth < len(segs)-1 && c == '{':
				if err := walk(depth + 1); err != nil || found {
					return true, found, err
				}
				return true, false, nil
			}
			return false, false, nil
		})
		return err
	}
	if err := walk(0); err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("nexset %s: no array of records at %s (records_path)", w.name, path)
	}
	return nil
}

// probeEnvelope tells a JSON envelope from JSON Lines in a seekable input
// that starts with '{', and settles which array holds the records: want, the
// only one there is, or an error naming them all. "" means JSON Lines (or
// not an object at all). The input is left where it was.
func probeEnvelope(in io.ReadSeeker, name, want string) (string, error) {
	start, err := in.Seek(0, io.SeekCurrent)
	if err != nil {
		return "", nil // not seekable after all: read as before
	}
	defer in.Seek(start, io.SeekStart) //nolint:errcheck // a failed seek shows in the read that follows
	w := &jsonWalker{br: bufio.NewReaderSize(in, 64<<10), name: name, line: 1}
	if err := skipBOM(w.br); err != nil {
		return "", readErr(name, err)
	}
	if c, err := w.peek(); err != nil || c != '{' {
		return "", nil
	}
	paths, err := w.recordArrays("")
	if err != nil {
		if want == "" {
			return "", nil // not one well-formed object: the JSON Lines reader reports it record by record
		}
		return "", err
	}
	if _, err := w.peek(); !errors.Is(err, io.EOF) {
		if want != "" {
			return "", fmt.Errorf("nexset %s: records_path %s needs one JSON document, but more follow the first (JSON Lines?)", name, want)
		}
		return "", nil // more values follow: JSON Lines
	}
	switch {
	case want != "":
		for _, p := range paths {
			if p == want {
				return want, nil
			}
		}
		if len(paths) == 0 {
			return "", fmt.Errorf("nexset %s: no array of records at %s: the document holds none", name, want)
		}
		return "", fmt.Errorf("nexset %s: no array of records at %s; the document holds %s", name, want, strings.Join(paths, ", "))
	case len(paths) == 1:
		return paths[0], nil
	case len(paths) > 1:
		return "", fmt.Errorf("nexset %s: the JSON document holds several arrays of records (%s): choose one with --records-path (nexset.records_path)", name, strings.Join(paths, ", "))
	}
	return "", nil
}

// mayBeEnvelope says whether a Nexset could be a JSON envelope: JSON by
// format or extension, or undetermined, and not followed.
func mayBeEnvelope(o Options, name string) bool {
	if o.Follow {
		return false
	}
	if o.Format != "" {
		return o.Format == JSON
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson", ".csv", ".tsv":
		return false
	}
	return true
}

// findRecords settles whether the input is a JSON envelope and where its
// records are: probed when the input can be read twice, else as asked.
func findRecords(in io.Reader, name string, o Options) (string, error) {
	if !mayBeEnvelope(o, name) || o.Encoding.decoder() != nil {
		return "", nil
	}
	if rs, ok := in.(io.ReadSeeker); ok {
		if _, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return probeEnvelope(rs, name, o.RecordsPath)
		}
	}
	return o.RecordsPath, nil
}
