package nexset

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// valueDecoder is a hand-rolled JSON decoder for one record held in memory.
// It exists because encoding/json into map[string]any is several times slower
// and gives float64 for every number, while records need int64 for integers,
// a depth limit and a hard error on invalid UTF-8.
type valueDecoder struct {
	data    []byte
	text    string // data as one string: unescaped values are slices of it, one allocation per record
	pos     int
	depth   int
	keys    *[keyCacheSize]string // recent object keys: records repeat the same names
	scratch []byte
	hint    int // size of the last top-level object, to size the next map

	// The key attribute's literal: keyPath is the dotted path sought, keyOff
	// where in it the current object's member names start (-1: not on the
	// path), keyHere whether the value being decoded is the key, keyLit the
	// number literal found there.
	keyPath string
	keyOff  int
	keyHere bool
	keyLit  string
}

// keyCacheSize slots hold recent keys, each slot chosen by a hash of the key's
// length, first bytes and last byte: cheaper than a map lookup, and a Nexset with ever-new keys
// cannot make it grow.
const keyCacheSize = 512

// syntaxError is a decoding failure at a byte offset of the record.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func (d *valueDecoder) fail(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// decodeObject decodes data, which must hold exactly one JSON object.
func (d *valueDecoder) decodeObject(data []byte) (map[string]any, error) {
	d.data, d.pos, d.depth = data, 0, 0
	d.keyLit, d.keyHere, d.keyOff = "", false, -1
	if d.keyPath != "" {
		d.keyOff = 0
	}
	d.text = string(data)
	defer func() { d.text = "" }()
	d.skipSpace()
	if d.pos >= len(d.data) {
		return nil, d.fail(d.pos, "empty record")
	}
	if c := d.data[d.pos]; c != '{' {
		if kind := kindOf(c); kind != "" {
			// Validate first so that garbage is reported as such.
			if _, err := d.value(); err != nil {
				return nil, err
			}
			return nil, d.fail(-1, "not a JSON object (got %s)", kind)
		}
		return nil, d.fail(d.pos, "invalid JSON: unexpected %s", describe(c))
	}
	v, err := d.object()
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return nil, d.fail(d.pos, "invalid JSON: unexpected %s after the object", describe(d.data[d.pos]))
	}
	d.hint = len(v)
	return v, nil
}

func kindOf(c byte) string {
	switch {
	case c == '[':
		return "an array"
	case c == '"':
		return "a string"
	case c == '-' || (c >= '0' && c <= '9'):
		return "a number"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	}
	return ""
}

func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (d *valueDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *valueDecoder) value() (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.fail(d.pos, "invalid JSON: unexpected end of record")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		return d.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	default:
		return nil, d.fail(d.pos, "invalid JSON: unexpected %s", describe(c))
	}
}

func (d *valueDecoder) literal(word string) error {
	end := d.pos + len(word)
	if end > len(d.data) || string(d.data[d.pos:end]) != word {
		return d.fail(d.pos, "invalid JSON: unexpected %s", describe(d.data[d.pos]))
	}
	d.pos = end
	return nil
}

func (d *valueDecoder) enter() error {
	d.depth++
	if d.depth > MaxDepth {
		return d.fail(d.pos, "nested deeper than %d levels", MaxDepth)
	}
	return nil
}

func (d *valueDecoder) object() (map[string]any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	size := 0
	if d.depth == 1 {
		size = d.hint
	}
	m := make(map[string]any, size)
	off := d.keyOff
	d.pos++ // '{'
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return m, nil
	}
	for {
		if d.pos >= len(d.data) {
			return nil, d.fail(d.pos, "invalid JSON: unexpected end of record in an object")
		}
		if d.data[d.pos] != '"' {
			return nil, d.fail(d.pos, "invalid JSON: expected a quoted attribute name, got %s", describe(d.data[d.pos]))
		}
		key, err := d.key()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.expected("':' after attribute name")
		}
		d.pos++
		d.skipSpace()
		d.keyHere, d.keyOff = false, -1
		if off >= 0 {
			rest := d.keyPath[off:]
			switch {
			case rest == key:
				d.keyHere = true
			case len(rest) > len(key) && rest[len(key)] == '.' && rest[:len(key)] == key:
				d.keyOff = off + len(key) + 1
			}
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		m[key] = v
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail(d.pos, "invalid JSON: unexpected end of record in an object")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			d.depth--
			return m, nil
		default:
			return nil, d.expected("',' or '}' in an object")
		}
	}
}

func (d *valueDecoder) expected(what string) error {
	if d.pos >= len(d.data) {
		return d.fail(d.pos, "invalid JSON: unexpected end of record, expected %s", what)
	}
	return d.fail(d.pos, "invalid JSON: expected %s, got %s", what, describe(d.data[d.pos]))
}

func (d *valueDecoder) array() ([]any, error) {
	if err := d.enter(); err != nil {
		return nil, err
	}
	d.pos++ // '['
	d.skipSpace()
	a := []any{}
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return a, nil
	}
	for {
		d.skipSpace()
		d.keyHere, d.keyOff = false, -1 // Get does not look into arrays
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.fail(d.pos, "invalid JSON: unexpected end of record in an array")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			d.depth--
			return a, nil
		default:
			return nil, d.expected("',' or ']' in an array")
		}
	}
}

// key decodes an attribute name, reusing the string of a name seen before.
func (d *valueDecoder) key() (string, error) {
	raw, escaped, err := d.strBytes()
	if err != nil {
		return "", err
	}
	if escaped || len(raw) == 0 {
		return string(raw), nil
	}
	if d.keys == nil {
		d.keys = new([keyCacheSize]string)
	}
	h := uint(len(raw))
	for _, c := range raw[:min(len(raw), 8)] {
		h = h*31 + uint(c)
	}
	h = h*31 + uint(raw[len(raw)-1])
	slot := &d.keys[h%keyCacheSize]
	if *slot == string(raw) { // compares without allocating
		return *slot, nil
	}
	*slot = string(raw)
	return *slot, nil
}

func (d *valueDecoder) str() (string, error) {
	start := d.pos + 1
	raw, escaped, err := d.strBytes()
	if err != nil {
		return "", err
	}
	if escaped {
		return string(raw), nil
	}
	return d.text[start : start+len(raw)], nil
}

// strBytes returns the unescaped bytes of the string at d.pos; they are valid
// until the next call. escaped reports whether they live in d.scratch.
func (d *valueDecoder) strBytes() (raw []byte, escaped bool, err error) {
	start := d.pos + 1
	i := start
	ascii := true
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			if !ascii && !utf8.Valid(d.data[start:i]) {
				return nil, false, d.badUTF8(start, i)
			}
			d.pos = i + 1
			return d.data[start:i], false, nil
		case c == '\\':
			return d.strEscaped(start, i)
		case c < 0x20:
			return nil, false, d.fail(i, "invalid JSON: control character %s in a string", describe(c))
		case c >= utf8.RuneSelf:
			ascii = false
		}
		i++
	}
	return nil, false, d.fail(d.pos, "invalid JSON: unterminated string")
}

func (d *valueDecoder) badUTF8(start, end int) error {
	for i := start; i < end; {
		r, n := utf8.DecodeRune(d.data[i:end])
		if r == utf8.RuneError && n == 1 {
			return d.fail(i, "invalid UTF-8 (byte 0x%02x)", d.data[i])
		}
		i += n
	}
	return d.fail(start, "invalid UTF-8")
}

// strEscaped finishes a string that holds escapes, from the first '\\' at i.
func (d *valueDecoder) strEscaped(start, i int) ([]byte, bool, error) {
	b := append(d.scratch[:0], d.data[start:i]...)
	defer func() { d.scratch = b[:0] }()
	for i < len(d.data) {
		c := d.data[i]
		switch {
		case c == '"':
			if !utf8.Valid(b) {
				return nil, false, d.badUTF8(start, i)
			}
			d.pos = i + 1
			return b, true, nil
		case c < 0x20:
			return nil, false, d.fail(i, "invalid JSON: control character %s in a string", describe(c))
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(d.data) {
			break
		}
		switch e := d.data[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d.data[i+2:])
			if !ok {
				return nil, false, d.fail(i, "invalid JSON: bad \\u escape")
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A pair forms one rune; a lone half becomes U+FFFD, as encoding/json does.
				if len(d.data) >= i+2 && d.data[i] == '\\' && d.data[i+1] == 'u' {
					if r2, ok := hex4(d.data[i+2:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return nil, false, d.fail(i, "invalid JSON: bad escape \\%s", string(rune(e)))
		}
		i += 2
	}
	return nil, false, d.fail(d.pos, "invalid JSON: unterminated string")
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number decodes a JSON number: int64 when written as an integer that fits,
// float64 otherwise.
func (d *valueDecoder) number() (any, error) {
	end, integer, err := scanNumber(d.data, d.pos)
	if err != nil {
		return nil, d.fail(d.pos, "invalid JSON: %v", err)
	}
	lit := d.data[d.pos:end]
	d.pos = end
	if d.keyHere {
		d.keyLit = string(lit)
	}
	v, ok := numberValue(lit, integer)
	if !ok {
		return nil, d.fail(end-len(lit), "number %s is out of range", lit)
	}
	return v, nil
}

// numberValue converts a literal checked by scanNumber: int64 when written as
// an integer that fits, float64 otherwise; ok is false beyond float64's range.
func numberValue[T ~string | ~[]byte](lit T, integer bool) (any, bool) {
	if integer {
		if n, ok := parseInt(lit); ok {
			return n, true
		}
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, false
	}
	return f, true
}

// scanNumber checks the JSON number grammar from i and returns its end and
// whether it has neither fraction nor exponent.
func scanNumber[T ~string | ~[]byte](b T, i int) (end int, integer bool, err error) {
	integer = true
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return i, false, fmt.Errorf("bad number")
	}
	if i < len(b) && b[i] == '.' {
		integer = false
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return i, false, fmt.Errorf("bad number: digits expected after '.'")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		integer = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return i, false, fmt.Errorf("bad number: digits expected in the exponent")
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	return i, integer, nil
}

// parseInt parses an integer literal already checked by scanNumber.
func parseInt[T ~string | ~[]byte](lit T) (int64, bool) {
	neg := lit[0] == '-'
	if neg {
		lit = lit[1:]
	}
	if len(lit) > 19 {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(lit); i++ {
		u = u*10 + uint64(lit[i]-'0')
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u), true
	case !neg && u <= math.MaxInt64:
		return int64(u), true
	}
	return 0, false
}
