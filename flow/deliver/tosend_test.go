package deliver

import (
	"testing"

	"github.com/cliodest/cliodest/flow/ledger"
)

// ToSend leaves out what fails, what the ledger settles and what is left
// to retry, and is never negative.
func TestToSend(t *testing.T) {
	s := Summary{RunSummary: ledger.RunSummary{Records: 10, Failed: 2, Skipped: 3, InDoubt: 1}, Left: 1}
	if n := s.ToSend(); n != 3 {
		t.Errorf("ToSend = %d, want 3", n)
	}
	s.Failed = 20
	if n := s.ToSend(); n != 0 {
		t.Errorf("ToSend with more failed than read = %d, want 0", n)
	}
}
