package sync

import (
	"fmt"
	"strings"
)

// OnConflict is what an update does when Clio answers 412: the object
// changed in Clio since cliodest last wrote it (staff edited it), so its
// etag no longer matches the If-Match sent.
type OnConflict string

const (
	// Keep leaves Clio's object as staff left it and reports the record as
	// an edit conflict (the default, written skip).
	Keep OnConflict = "skip"
	// Overwrite sends the record's values again over staff's change.
	Overwrite OnConflict = "overwrite"
)

// ConflictChoices lists on_conflict's values for messages.
const ConflictChoices = "skip or overwrite"

// ParseOnConflict reads an on_conflict value; "" is the default, skip.
func ParseOnConflict(s string) (OnConflict, error) {
	switch v := OnConflict(strings.ToLower(strings.TrimSpace(s))); v {
	case "", Keep:
		return Keep, nil
	case Overwrite:
		return v, nil
	}
	return "", fmt.Errorf("on_conflict is %q: it is one of %s", s, ConflictChoices)
}
