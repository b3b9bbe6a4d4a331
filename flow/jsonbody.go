package flow

import (
	"bytes"
	"encoding/json"
)

// marshalBody encodes a request body as Clio receives it: without
// encoding/json's HTML escaping, so a narrative's "&", "<" and ">" reach
// Clio, the samples and the ledger as written, not as \u0026.
func marshalBody(v any) ([]byte, error) {
	if b, ok := appendJSON(make([]byte, 0, 512), v, false); ok {
		return b, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
