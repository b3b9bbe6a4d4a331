package flow

import (
	"strings"
	"testing"
)

// An unknown conversion's message lists the lookups too, the conversion a
// firm's references need (it listed every other kind).
func TestUnknownConversionNamesLookups(t *testing.T) {
	err := checkConversion("monie")
	if err == nil || !strings.Contains(err.Error(), "lookup:COLLECTION.FIELD such as lookup:matters.display_number") {
		t.Errorf("checkConversion(monie) = %v", err)
	}
}
