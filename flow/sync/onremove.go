package sync

import (
	"fmt"
	"strings"
)

// OnRemove is what a re-activation does with a removed record: delivered
// before, absent from the Nexset now.
type OnRemove string

const (
	// KeepRemoved leaves its object in Clio; the record is counted and listed
	// (status --removed). The default.
	KeepRemoved OnRemove = "keep"
	// DeleteRemoved deletes its object in Clio (the collection's delete), when
	// the user confirmed it for the run (--yes, the wizard's question).
	DeleteRemoved OnRemove = "delete"
)

// RemoveChoices lists the values of on_remove, for errors and help.
const RemoveChoices = "keep or delete"

// ParseOnRemove reads an on_remove value; "" is keep.
func ParseOnRemove(s string) (OnRemove, error) {
	switch v := OnRemove(strings.ToLower(strings.TrimSpace(s))); v {
	case "", KeepRemoved:
		return KeepRemoved, nil
	case DeleteRemoved:
		return v, nil
	}
	return "", fmt.Errorf("on_remove is %q: it is %s", s, RemoveChoices)
}
