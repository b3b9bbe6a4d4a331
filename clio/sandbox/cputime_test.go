package sandbox

import (
	"testing"
	"time"

	"github.com/cliodest/cliodest/internal/cputime"
)

// cpuTime is the process's user and system CPU time so far (0 off Unix).
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	return cputime.Process()
}
