package sync

import (
	"fmt"
	"strings"
)

// OnChange is what a re-activation does with a changed record.
type OnChange string

const (
	// Update PATCHes the object the record created with its body today.
	Update OnChange = "update"
	// Skip leaves Clio alone and reports the record as changed.
	Skip OnChange = "skip"
	// Create makes a new object (the old one stays in Clio).
	Create OnChange = "create"
)

// Choices lists the values of on_change, for errors and help.
const Choices = "update, skip or create"

// ParseOnChange reads an on_change value; "" is the default (Resolve).
func ParseOnChange(s string) (OnChange, error) {
	switch v := OnChange(strings.ToLower(strings.TrimSpace(s))); v {
	case "", Update, Skip, Create:
		return v, nil
	}
	return "", fmt.Errorf("on_change is %q: it is one of %s", s, Choices)
}

// Resolve is the on_change a run uses: the one set, else update where Clio
// has an update for the collection, else skip.
func Resolve(set OnChange, canUpdate bool) OnChange {
	if set != "" {
		return set
	}
	if canUpdate {
		return Update
	}
	return Skip
}
