package termtext

import (
	"io"
	"sync"
	"unicode/utf8"
)

// Writer passes everything written to it through Block (tabs kept) before
// it reaches w.
// A character split between two writes is held until it is complete, so a
// C1 control cannot slip through in two halves.
type Writer struct {
	mu   sync.Mutex
	w    io.Writer
	tail []byte
}

// NewWriter wraps w; a w that is already a *Writer is returned as it is.
func NewWriter(w io.Writer) io.Writer {
	if tw, ok := w.(*Writer); ok {
		return tw
	}
	return &Writer{w: w}
}

// Write cleans p and writes it; it reports len(p) written when the
// cleaned text was written whole.
func (t *Writer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	data := append(t.tail, p...)
	cut := incompleteTail(data)
	t.tail = append([]byte(nil), data[cut:]...)
	if _, err := io.WriteString(t.w, stream(string(data[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// incompleteTail is where an unfinished UTF-8 sequence at the end of b
// starts, or len(b) when b ends on a whole character.
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}

// Raw is the stream beneath w when w is a *Writer, else w itself: for
// output that must stay exact (JSON) or that cliodest draws itself (the
// wizard, the progress line).
func Raw(w io.Writer) io.Writer {
	if tw, ok := w.(*Writer); ok {
		return tw.w
	}
	return w
}
