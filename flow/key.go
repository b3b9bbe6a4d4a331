package flow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/cliodest/cliodest/flow/nexset"
)

// RecordRef names the record a call carries: its position, line and key.
type RecordRef struct {
	Pos  int    `json:"pos"`
	Line int    `json:"line"`
	Key  string `json:"key"`
}

// recordKey is the key attribute's value when one is configured, else a hash
// of the record's content (after exclusion, so excluded values cannot be
// recovered from it) and its position.
func recordKey(fields map[string]any, pos int, keyAttr string) (string, error) {
	if keyAttr != "" {
		v, ok := nexset.Get(fields, keyAttr)
		if !ok {
			return "", &AttrError{Attr: keyAttr, Reason: "missing (it is the Nexset's key)"}
		}
		s, err := scalarText(v)
		if err != nil {
			return "", &AttrError{Attr: keyAttr, Reason: err.Error() + " (it is the Nexset's key)"}
		}
		return s, nil
	}
	// encoding/json sorts map keys, so equal content hashes equally.
	b, err := json.Marshal(fields)
	if err != nil {
		return "", &AttrError{Attr: "(record)", Reason: "cannot be encoded: " + err.Error()}
	}
	h := sha256.New()
	h.Write(b)
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(pos)))
	return "h:" + hex.EncodeToString(h.Sum(nil)[:12]), nil
}
