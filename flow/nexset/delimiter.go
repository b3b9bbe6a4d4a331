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

// delimiters are the separators a delimited text Nexset may use, in the
// order detection prefers them when the rows cannot tell.
var delimiters = []rune{',', ';', '\t', '|'}

// ParseDelimiter checks a delimiter given by a user or a destination file:
// the character itself or its name (comma, semicolon, tab, pipe); "" detects.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "\t", `\t`, "tab":
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q (want comma, semicolon, tab or pipe)", s)
}

// DelimiterName is how messages and destination files write a delimiter.
func DelimiterName(r rune) string {
	switch r {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return ""
}

// DelimiterNames are the names of the delimiters read, in the order
// detection tries them, for pickers and prompts.
func DelimiterNames() []string {
	names := make([]string, len(delimiters))
	for i, r := range delimiters {
		names[i] = DelimiterName(r)
	}
	return names
}

// detectLines is how many lines detection looks at: the header and the first rows.
const detectLines = 20

// chooseDelimiter settles a delimited file's separator: the one asked for,
// else tab for a .tsv file, else what the first lines show.
func chooseDelimiter(want rune, name string, br *bufio.Reader) (rune, error) {
	if want != 0 {
		return want, nil
	}
	if strings.EqualFold(filepath.Ext(name), ".tsv") {
		return '\t', nil
	}
	head, err := peekLines(br, detectLines)
	if err != nil {
		return 0, err
	}
	return detectDelimiter(head), nil
}

// peekLines returns the buffered start of br, holding at least the header
// line (unless the input ends first) and as many lines after it as are
// buffered already, up to n. Like sniff it never waits for more bytes than
// the header needs, so that a followed file is not held up.
func peekLines(br *bufio.Reader, n int) ([]byte, error) {
	size := 1
	for {
		b, err := br.Peek(size)
		if bytes.IndexByte(b, '\n') >= 0 || len(b) >= br.Size() {
			b, _ = br.Peek(br.Buffered())
			return cutLines(b, n), nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				return b, nil
			}
			return nil, err
		}
		size = min(max(len(b)+1, br.Buffered()), br.Size())
	}
}

// cutLines keeps the first n lines of b.
func cutLines(b []byte, n int) []byte {
	end := 0
	for range n {
		i := bytes.IndexByte(b[end:], '\n')
		if i < 0 {
			return b
		}
		end += i + 1
	}
	return b[:end]
}

// detectDelimiter picks the separator that splits the header into the most
// columns while splitting every complete row below it into as many; when
// none is that consistent, the one splitting the header most. A comma is
// the answer when nothing splits the header at all.
func detectDelimiter(head []byte) rune {
	lines := bytes.Split(head, []byte{'\n'})
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last is incomplete or empty
	}
	var best, bestLoose rune = 0, ','
	bestN, bestLooseN := 0, 0
	for _, d := range delimiters {
		counts := fieldCounts(lines, byte(d))
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		if counts[0] > bestLooseN {
			bestLoose, bestLooseN = d, counts[0]
		}
		same := true
		for _, c := range counts[1:] {
			same = same && c == counts[0]
		}
		if same && counts[0] > bestN {
			best, bestN = d, counts[0]
		}
	}
	if best != 0 {
		return best
	}
	return bestLoose
}

// fieldCounts counts the fields each non-empty line would have, split at d
// outside double quotes. A quoted field spanning lines ends the count.
func fieldCounts(lines [][]byte, d byte) []int {
	var counts []int
	for _, l := range lines {
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		n, quoted := 1, false
		for _, c := range l {
			switch {
			case c == '"':
				quoted = !quoted
			case c == d && !quoted:
				n++
			}
		}
		if quoted {
			break
		}
		counts = append(counts, n)
	}
	return counts
}
