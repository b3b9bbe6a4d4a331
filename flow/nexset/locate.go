package nexset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"unicode/utf8"
)

// locate turns a decoding error at a byte offset of a record that starts on
// line first into the line of the error and a reason with its column.
func locate(err error, rec []byte, first int) (line int, reason string) {
	var se *syntaxError
	if !errors.As(err, &se) || se.off < 0 || se.off > len(rec) {
		return first, err.Error()
	}
	before := rec[:se.off]
	line = first + bytes.Count(before, []byte{'\n'})
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, fmt.Sprintf("%s at column %d", se.msg, utf8.RuneCount(before)+1)
}

func isCtxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
