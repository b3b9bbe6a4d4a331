package nexset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// skipAboveHeader discards the lines of a delimited text above its header
// row (a title a firm's export writes first): row is 1-based, and 0 or 1
// skips nothing. It returns how many lines it skipped; a file that ends
// before its header row is an error naming both.
func skipAboveHeader(br *bufio.Reader, name string, row int) (int, error) {
	skipped := 0
	for skipped < row-1 {
		_, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			skipped++
		case errors.Is(err, bufio.ErrBufferFull):
			// a long title: go on discarding it
		case errors.Is(err, io.EOF):
			return 0, fmt.Errorf("nexset %s: header row %d: the file has only %d complete line(s); give the line that names the columns (1 is the first)", name, row, skipped)
		default:
			return 0, readErr(name, err)
		}
	}
	return skipped, nil
}

// blankLines puts n empty lines before br's remaining text: encoding/csv
// ignores empty lines but counts them, so the header and the records keep
// the file's own line numbers after skipAboveHeader.
func blankLines(br *bufio.Reader, n int) *bufio.Reader {
	if n == 0 {
		return br
	}
	return bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Repeat([]byte{'\n'}, n)), br), bufSize)
}
