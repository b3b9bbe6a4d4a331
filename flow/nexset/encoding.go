package nexset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is the character encoding of a text Nexset.
type Encoding string

// The encodings a Nexset may be read in; "" detects UTF-8 or, by its byte
// order mark, UTF-16.
const (
	UTF8        Encoding = "utf-8"
	Windows1252 Encoding = "windows-1252"
	Latin1      Encoding = "latin-1"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
)

// EncodingNames are the names of the encodings a Nexset may be read in,
// UTF-8 first, for pickers and prompts.
func EncodingNames() []string {
	return []string{string(UTF8), string(Windows1252), string(Latin1), string(UTF16LE), string(UTF16BE)}
}

// ParseEncoding checks an encoding name given by a user or a destination file.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "windows-1252", "cp1252", "win1252":
		return Windows1252, nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1":
		return Latin1, nil
	case "utf-16le", "utf16le":
		return UTF16LE, nil
	case "utf-16be", "utf16be":
		return UTF16BE, nil
	}
	return "", fmt.Errorf("unknown encoding %q (want utf-8, windows-1252, latin-1, utf-16le or utf-16be)", s)
}

// decoder is the transformation from e to UTF-8; nil for UTF-8 itself. A
// UTF-16 byte order mark, when present, is consumed and obeyed.
func (e Encoding) decoder() *encoding.Decoder {
	switch e {
	case Windows1252:
		return charmap.Windows1252.NewDecoder()
	case Latin1:
		return charmap.ISO8859_1.NewDecoder()
	case UTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case UTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	}
	return nil
}

// openText reads in as UTF-8 text: in the encoding asked for, else in UTF-16
// when a UTF-16 byte order mark begins it, else as UTF-8; a UTF-8 byte order
// mark is dropped. It returns the encoding used ("" for plain UTF-8).
func openText(in io.Reader, want Encoding) (*bufio.Reader, Encoding, error) {
	br := bufio.NewReaderSize(in, bufSize)
	enc := want
	if enc == "" {
		head, err := br.Peek(2)
		if err != nil {
			head = nil // fewer than two bytes: no UTF-16 mark
		}
		switch {
		case bytes.Equal(head, []byte{0xFF, 0xFE}):
			enc = UTF16LE
		case bytes.Equal(head, []byte{0xFE, 0xFF}):
			enc = UTF16BE
		}
	}
	if enc == Windows1252 || enc == Latin1 {
		// A UTF-8 byte order mark that a tool put before the text is no
		// text: decoded, it would start the first header with "ï»¿".
		if head, err := br.Peek(len(bom)); err == nil && bytes.Equal(head, bom) {
			if _, err := br.Discard(len(bom)); err != nil {
				return nil, "", err
			}
		}
	}
	if d := enc.decoder(); d != nil {
		br = bufio.NewReaderSize(transform.NewReader(br, d), bufSize)
	}
	if err := skipBOM(br); err != nil {
		return nil, "", err
	}
	if enc == UTF8 {
		enc = ""
	}
	return br, enc, nil
}

// asWindows1252 shows bytes that are not UTF-8 as Windows-1252 would read
// them: what a spreadsheet saved on Windows most likely meant.
func asWindows1252(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}

// notUTF8 explains a line that is not UTF-8 and how to read it.
func notUTF8(what, text string) string {
	return fmt.Sprintf("invalid UTF-8 in %s; read as Windows-1252 it is %q: if that is right, read the file with --encoding windows-1252 (nexset.encoding: windows-1252; latin-1, utf-16le and utf-16be are taken too)", what, asWindows1252(text))
}
