package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// A fingerprint is a short hash of a record's body as it is built before
// look-ups (after mapping and exclusion: the firm's references, not the
// IDs they resolve to). encoding/json sorts map keys, so equal bodies have
// equal fingerprints. It keeps nothing readable of the body: the ledger
// holds it, and a body may hold what must not be stored.
//
// Its prefix says what it covers. "f:" (Fingerprint) is the body's data
// object alone: the fingerprint of a destination without custom fields,
// and the one every ledger written before custom fields were printed holds.
// "f2:" (CustomFingerprint) covers the data object and the record's custom
// field values by field name: their custom_field_values are built only
// once the fields' IDs are looked up, so the data object before look-ups
// does not hold them. A ledger row holding "f:" for a destination that now
// prints "f2:" is compared the old way (Classify).

// firstStyle is the prefix of Fingerprint.
const firstStyle = "f:"

// Fingerprint is the fingerprint of a body's data object alone ("f:").
func Fingerprint(data map[string]any) string {
	return hashed(firstStyle, data)
}

// CustomFingerprint is the fingerprint ("f2:") of a body with custom
// fields: its data object, and custom, the record's custom field values as
// [field name, value] in the destination's custom_fields order (empty when
// the record fills none).
func CustomFingerprint(data map[string]any, custom [][2]any) string {
	if custom == nil {
		custom = [][2]any{} // none filled: the same print as an empty list
	}
	return hashed("f2:", struct {
		Data   map[string]any `json:"d"`
		Custom [][2]any       `json:"c"`
	}{data, custom})
}

// hashed is prefix and the hash of v's encoding; "" when v cannot be
// encoded (such a body is never sent).
func hashed(prefix string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return prefix + hex.EncodeToString(sum[:12])
}

// FirstStyle is the fingerprint of the first style (Fingerprint) of a
// body whose fingerprint is print and data object data: what a row
// delivered before fingerprints covered custom field values holds for it.
// "" when print is of the first style itself.
func FirstStyle(print string, data map[string]any) string {
	if strings.HasPrefix(print, firstStyle) {
		return ""
	}
	return Fingerprint(data)
}

// olderStyle reports whether print, a ledger row's, is of the first style
// while now, a record's today, is not: the row was printed before the
// fingerprint covered custom field values.
func olderStyle(print, now string) bool {
	return strings.HasPrefix(print, firstStyle) && !strings.HasPrefix(now, firstStyle)
}
