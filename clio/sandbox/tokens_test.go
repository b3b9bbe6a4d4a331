package sandbox

import "testing"

// A token starting with '-' reads as a flag on a command line, and cobra
// echoes an unknown flag: the sandbox never issues one.
func TestTokensNeverStartLikeAFlag(t *testing.T) {
	for i := 0; i < 2000; i++ {
		if tok := randomToken(); tok[0] == '-' || tok[0] == '_' || len(tok) != 32 {
			t.Fatalf("token %q", tok)
		}
	}
}
