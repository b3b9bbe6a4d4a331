package nexset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// lineReader splits a stream into lines of any length up to MaxRecordBytes,
// which bufio.Scanner (64 KB by default) cannot.
type lineReader struct {
	br    *bufio.Reader
	line  int    // number of the line last returned
	long  []byte // holds a line longer than the bufio buffer
	limit int    // the longest line let through; 0 → maxRecordBytes
}

func (l *lineReader) max() int { return limitOr(l.limit) }

// errTooLong marks a line over MaxRecordBytes; the line has been skipped.
var errTooLong = errors.New("record too long")

func tooLongReason() string {
	return fmt.Sprintf("record longer than %d MiB", maxRecordBytes>>20)
}

// next returns the next line without its "\n" or "\r\n". The slice is valid
// until the next call. At the end it returns io.EOF; a final line without a
// newline is returned first.
func (l *lineReader) next() ([]byte, error) {
	if cap(l.long) > 4<<20 {
		l.long = nil // give a huge record's memory back
	}
	b, err := l.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		l.long = append(l.long[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = l.br.ReadSlice('\n')
			if len(l.long)+len(b) > l.max() {
				l.long = nil
				l.line++
				if err == nil || errors.Is(err, bufio.ErrBufferFull) {
					if derr := l.discardLine(err); derr != nil {
						return nil, derr
					}
				}
				return nil, errTooLong
			}
			l.long = append(l.long, b...)
		}
		b = l.long
	}
	switch {
	case err == nil:
	case errors.Is(err, io.EOF) && len(b) > 0:
	default:
		return nil, err
	}
	l.line++
	if b = trimEOL(b); len(b) > l.max() {
		return nil, errTooLong
	}
	return b, nil
}

// discardLine skips the rest of an over-long line.
func (l *lineReader) discardLine(err error) error {
	for errors.Is(err, bufio.ErrBufferFull) {
		_, err = l.br.ReadSlice('\n')
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
