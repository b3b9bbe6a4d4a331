package flow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cliodest/cliodest/flow/nexset"
)

// RecordRef names the record a call carries: its position, line and key,
// and a hash of its content, which the ledger keeps with the key so that a
// record whose content changed under its key is never taken for the one sent.
type RecordRef struct {
	Pos  int    `json:"pos"`
	Line int    `json:"line"`
	Key  string `json:"key"`
	Hash string `json:"-"`
	// Print is the fingerprint of the body sent for it (flow/sync), which
	// the ledger keeps with a delivery; "" where no run computed it.
	Print string `json:"-"`
	// Basis is Print's basis (flow/sync Basis), kept with it; 0 when none.
	Basis int64 `json:"-"`
	// Find is the record's find-by value in its compared form (findby.go),
	// "" when the destination finds nothing before creating.
	Find string `json:"-"`
}

// recordKey is the key attribute's value when one is configured, else a hash
// of the record's content (after exclusion, so excluded values cannot be
// recovered from it) and its position.
//
// A key is the exact text the Nexset holds: a JSON number's literal (6.0 is
// not 6, 12345678901234567891 is not 12345678901234567890), a CSV cell as
// written (1e3 is not 1000, TRUE is not true). A string and a number with the
// same text ("6" and 6) are the same key, which a Nexset holding both reports
// as a duplicate rather than merging silently.
func recordKey(fields map[string]any, rec nexset.Record, keyAttr string) (string, error) {
	return keyOf(fields, rec, keyAttr, nil)
}

// keyOf is recordKey with the record's encoded content, when already made.
func keyOf(fields map[string]any, rec nexset.Record, keyAttr string, content []byte) (string, error) {
	if keyAttr != "" {
		v, ok := nexset.Get(fields, keyAttr)
		if !ok {
			return "", &AttrError{Attr: keyAttr, Reason: "missing (it is the Nexset's key)"}
		}
		if literalOf(v, rec.KeyText) {
			return rec.KeyText, nil
		}
		s, err := scalarText(v)
		if err != nil {
			return "", &AttrError{Attr: keyAttr, Reason: err.Error() + " (it is the Nexset's key)"}
		}
		return s, nil
	}
	if content == nil {
		var err error
		if content, err = encodeContent(fields); err != nil {
			return "", err
		}
	}
	h := sha256.New()
	h.Write(content)
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(rec.Pos)))
	return "h:" + hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// literalOf reports whether lit is how the Nexset wrote the number or
// boolean v (the reader keeps it beside the decoded value).
func literalOf(v any, lit string) bool {
	if lit == "" {
		return false
	}
	switch x := v.(type) {
	case int64:
		f, err := strconv.ParseFloat(lit, 64)
		return err == nil && f == float64(x)
	case float64:
		f, err := strconv.ParseFloat(lit, 64)
		return err == nil && f == x
	case bool:
		return strings.EqualFold(lit, strconv.FormatBool(x))
	}
	return false
}

// encodeContent is the record's content as hashed; encoding/json sorts map
// keys, so equal content encodes equally.
func encodeContent(fields map[string]any) ([]byte, error) {
	if b, ok := appendJSON(make([]byte, 0, 256), fields, true); ok {
		return b, nil // as json.Marshal writes it: ledgers hold hashes of those bytes
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, &AttrError{Attr: "(record)", Reason: "cannot be encoded: " + err.Error()}
	}
	return b, nil
}

// contentHash is a record's content hash (after exclusion, so excluded values
// cannot be recovered from it).
func contentHash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:12])
}

// IsContentKey reports whether k has the form of a key made without a key
// attribute (a hash of content and position), as ledgers of destinations
// without nexset.key hold.
func IsContentKey(k string) bool {
	rest, ok := strings.CutPrefix(k, "h:")
	if !ok || len(rest) != 24 {
		return false
	}
	_, err := hex.DecodeString(rest)
	return err == nil
}
