package cmd

import (
	"bytes"
	"io"
	"sync"
)

// heldWarnings keeps the warnings written while a full screen (the
// wizard, the home) is drawn on standard error, where they would land in
// the middle of its frame, and writes them once it is gone.
type heldWarnings struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (h *heldWarnings) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.buf.Write(p)
}

// release writes what was held to w.
func (h *heldWarnings) release(w io.Writer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, _ = w.Write(h.buf.Bytes())
	h.buf.Reset()
}
